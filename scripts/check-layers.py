#!/usr/bin/env python3
"""Checks that includes point only downward: app -> ui -> models -> engine, and inside the
engine from a subsystem only to itself or to subsystems listed before it in ENGINE_LAYERS.
The ui reaches the engine only through models/: it may use the engine's value types and pure
functions, but never includes a header whose subject is a live engine object (UI_FORBIDDEN).
Prints every include that points up or is forbidden, and exits 1 when there is one."""
import os
import re
import sys

ENGINE_LAYERS = ['core', 'vault', 'catalog', 'backup', 'capture', 'retention', 'restore',
                 'billing', 'stretch', 'workspace']
TOP_LAYERS = ['engine', 'models', 'ui', 'app']
# Headers ui/ may not include, each with why: their subject is an engine object the session in
# models/ owns (or a models/ door to those objects); the widgets get plain data from models/.
UI_FORBIDDEN = {
    'workspace/Workspace.h': 'the open workspace; WorkspaceSession owns it',
    'workspace/JobRunner.h': 'job threads; WorkspaceSession starts and watches jobs',
    'workspace/Agent.h': 'the agent loop; AgentHost runs it',
    'catalog/Catalog.h': 'a SQLite connection; the session reads the catalog for the ui',
    'stretch/Stretch.h': 'writes the user\'s database; the session reads its status',
    'vault/Vault.h': 'vault files; the ui never touches them',
    'backup/BackupEngine.h': 'runs backups; they run as jobs the session starts',
    'restore/Restorer.h': 'reads the vault; restores run as jobs the session starts',
    'capture/LogCapture.h': 'reads the user\'s log; capture runs in the agent',
    'core/SqliteDb.h': 'the ui never opens SQLite',
    'core/FileSystem.h': 'the storage seam; files are written by models',
    'SessionEngine.h': 'the engine objects behind a session, for models/ and tests only',
}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def engine_headers(root):
    found = {}
    for folder in ENGINE_LAYERS:
        # A folder inside a subsystem (vault/azure) belongs to that subsystem's layer.
        base = os.path.join(root, 'engine', folder)
        for parent, _, names in os.walk(base):
            for name in names:
                if name.endswith('.h'):
                    relative = os.path.relpath(os.path.join(parent, name), base)
                    found['%s/%s' % (folder, relative.replace(os.sep, '/'))] = folder
    return found


def header_owner(root, including, name, engine):
    """The (top layer, engine folder) an include refers to, or None for headers outside."""
    if name in engine:
        return 'engine', engine[name]
    local = os.path.join(os.path.dirname(including), name)
    if os.path.exists(local):
        return layer_of(root, local)
    for top in ('models', 'ui'):
        if os.path.exists(os.path.join(root, top, name)):
            return top, None
    return None


def layer_of(root, path):
    parts = os.path.relpath(path, root).split(os.sep)
    if parts[0] == 'engine':
        return 'engine', parts[1] if len(parts) > 2 else None
    return parts[0], None


def main():
    root = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else
                           os.path.join(os.path.dirname(__file__), '..'))
    engine = engine_headers(root)
    problems = []
    for top in TOP_LAYERS:
        for folder, _, names in os.walk(os.path.join(root, top)):
            for name in names:
                if not name.endswith(('.h', '.cpp')):
                    continue
                path = os.path.join(folder, name)
                top_layer, sub = layer_of(root, path)
                with open(path, encoding='utf-8') as source:
                    text = source.read()
                for included in INCLUDE.findall(text):
                    if top_layer == 'ui' and included in UI_FORBIDDEN:
                        problems.append('%s includes %s (ui reaches the engine through models/: '
                                        '%s)' % (os.path.relpath(path, root), included,
                                                 UI_FORBIDDEN[included]))
                        continue
                    owner = header_owner(root, path, included, engine)
                    if owner is None:
                        continue
                    target_top, target_sub = owner
                    rel = os.path.relpath(path, root)
                    if TOP_LAYERS.index(target_top) > TOP_LAYERS.index(top_layer):
                        problems.append('%s includes %s (%s is above %s)' %
                                        (rel, included, target_top, top_layer))
                    elif (top_layer == 'engine' and target_top == 'engine' and sub and
                          target_sub and
                          ENGINE_LAYERS.index(target_sub) > ENGINE_LAYERS.index(sub)):
                        problems.append('%s includes %s (%s is above %s)' %
                                        (rel, included, target_sub, sub))
                    elif top_layer == 'engine' and target_top == 'engine' and not target_sub:
                        problems.append('%s includes %s (not in a subsystem folder)' %
                                        (rel, included))
    for line in problems:
        print(line)
    if problems:
        print('%d includes point up or are forbidden' % len(problems))
        return 1
    print('every include points down')
    return 0


if __name__ == '__main__':
    sys.exit(main())
