#include "CliCommand.h"

#include "core/Clock.h"

namespace tidemark {

QString CliOption::problemWith(const QString& text) const {
    switch (value) {
    case Value::None:
        return QStringLiteral("--%1 takes no value").arg(name);
    case Value::Text:
        return {};
    case Value::Number: {
        bool ok = false;
        const qint64 n = text.toLongLong(&ok);
        if (ok && n >= min && n <= max)
            return {};
        if (min == std::numeric_limits<int>::min())
            return QStringLiteral("--%1 takes a whole number, not '%2'").arg(name, text);
        if (max == std::numeric_limits<int>::max() || max == std::numeric_limits<qint64>::max())
            return QStringLiteral("--%1 takes a whole number from %2, not '%3'")
                .arg(name)
                .arg(min)
                .arg(text);
        return QStringLiteral("--%1 takes a whole number from %2 to %3, not '%4'")
            .arg(name)
            .arg(min)
            .arg(max)
            .arg(text);
    }
    case Value::Time:
        return parseTime(text) >= 0
                   ? QString()
                   : QStringLiteral("--%1 needs a time such as 2026-11-30 15:30, "
                                    "2026-11-30T15:30:00Z or 2026-11-30 17:30+02:00, not '%2'")
                         .arg(name, text);
    case Value::Choice:
        for (const QString& c : choices)
            if (c.compare(text, Qt::CaseInsensitive) == 0)
                return {};
        return QStringLiteral("--%1 takes %2, not '%3'")
            .arg(name, choices.join(QLatin1Char('|')), text);
    }
    return {};
}

CliOption flag(const QString& name) {
    CliOption o;
    o.name = name;
    return o;
}

CliOption textOption(const QString& name, const QString& valueName) {
    CliOption o = flag(name);
    o.value = CliOption::Value::Text;
    o.valueName = valueName;
    return o;
}

CliOption numberOption(const QString& name, qint64 min, qint64 max) {
    CliOption o = textOption(name, QStringLiteral("N"));
    o.value = CliOption::Value::Number;
    o.min = min;
    o.max = max;
    return o;
}

CliOption timeOption(const QString& name) {
    CliOption o = textOption(name, QStringLiteral("TIME"));
    o.value = CliOption::Value::Time;
    return o;
}

CliOption choiceOption(const QString& name, const QStringList& choices) {
    CliOption o = textOption(name, choices.join(QLatin1Char('|')));
    o.value = CliOption::Value::Choice;
    o.choices = choices;
    return o;
}

const CliOption* CliCommand::option(const QString& optionName) const {
    for (const CliOption& o : options)
        if (o.name == optionName)
            return &o;
    return nullptr;
}

const QList<CliCommand>& commandTable() {
    static const QList<CliCommand> table = [] {
        QList<CliCommand> all;
        for (const auto& family :
             {workspaceCommands, databaseCommands, backupCommands, restoreCommands, verifyCommands,
              keyCommands, systemCommands, alertCommands, purgeCommands, policyCommands,
              agentCommands, ltrCommands, billingCommands, stretchCommands, helpCommands})
            all += family();
        return all;
    }();
    return table;
}

} // namespace tidemark
