// The console's locations view renders the engine's look at each location (kind,
// reachability, the geo secondary's lag) for the common set-up: a local folder primary with
// its geo secondary in a blob container (the pinned Azurite). The look itself runs off the
// GUI thread; the view only shows what it found.
#include "Azurite.h"
#include "LocationListModel.h"
#include "LocationsView.h"
#include "MainWindow.h"
#include "Screenshots.h"
#include "SessionEngine.h"
#include "SqliteFiles.h"
#include "StoragePage.h"
#include "vault/Locations.h"
#include "workspace/Health.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QDir>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include <atomic>
#include <mutex>

using namespace tidemark;
using namespace tidemark::testsupport;
using tidemark::testing::Azurite;

namespace {
const QByteArray kPass("locations console test");
constexpr qint64 kMinute = 60 * 1000;

QString cell(QAbstractItemModel* model, int row, int column) {
    return model->index(row, column).data().toString();
}

// The secondary as the workspace opens it, counting the requests made from the GUI thread.
class GuiThreadWatch final : public Location {
public:
    explicit GuiThreadWatch(std::shared_ptr<Location> inner) : inner_(std::move(inner)) {}
    std::atomic<int> guiThreadRequests{0};
    void forget() {
        std::lock_guard guard(mutex_);
        guiThreadRequests = 0;
        asked_.clear();
    }
    // What the GUI thread asked, for failure messages.
    QString asked() {
        std::lock_guard guard(mutex_);
        return asked_.join(QStringLiteral("; "));
    }

    QString url() const override { return inner_->url(); }
    QString kind() const override { return inner_->kind(); }
    Status publish(const QString& name, const QByteArray& data) override {
        note("publish", name);
        return inner_->publish(name, data);
    }
    Result<std::unique_ptr<ObjectWriter>> startObject(const QString& name) override {
        note("startObject", name);
        return inner_->startObject(name);
    }
    Status put(const QString& name, const QByteArray& data) override {
        note("put", name);
        return inner_->put(name, data);
    }
    Result<QString> replaceIfUnchanged(const QString& name, const QByteArray& data,
                                       const QString& expectedVersion) override {
        note("replaceIfUnchanged", name);
        return inner_->replaceIfUnchanged(name, data, expectedVersion);
    }
    Result<std::unique_ptr<RandomAccessFile>> openRead(const QString& name) override {
        note("openRead", name);
        return inner_->openRead(name);
    }
    Result<ObjectInfo> stat(const QString& name) override {
        note("stat", name);
        return inner_->stat(name);
    }
    Result<QList<ObjectInfo>> list(const QString& prefix) override {
        note("list", prefix);
        return inner_->list(prefix);
    }
    Result<QStringList> listNames(const QString& prefix) override {
        note("listNames", prefix);
        return inner_->listNames(prefix);
    }
    Status makeWriteOnce(const QString& name) override { return inner_->makeWriteOnce(name); }
    Status remove(const QStringList& names) override {
        note("remove", names.join(u','));
        return inner_->remove(names);
    }
    AbandonedCleanup cleanAbandoned(qint64 cutoffMs) override {
        note("cleanAbandoned", {});
        return inner_->cleanAbandoned(cutoffMs);
    }

private:
    void note(const char* verb, const QString& name) {
        if (QThread::currentThread() != qApp->thread())
            return;
        ++guiThreadRequests;
        std::lock_guard guard(mutex_);
        asked_ << QStringLiteral("%1 %2").arg(QLatin1String(verb), name);
    }
    std::shared_ptr<Location> inner_;
    std::mutex mutex_;
    QStringList asked_;
};
} // namespace

class LocationsViewTest : public QObject {
    Q_OBJECT
    Azurite azurite_;
    QTemporaryDir dir_;
    std::shared_ptr<ManualClock> clock_;
    std::unique_ptr<WorkspaceSession> session_;
    std::unique_ptr<MainWindow> window_;
    std::shared_ptr<GuiThreadWatch> secondary_;

    QString path(const QString& name) const { return dir_.path() + QLatin1Char('/') + name; }

private slots:
    void initTestCase() {
        const QString problem = azurite_.startAsTheAccount();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));

        clock_ = std::make_shared<ManualClock>(QDateTime::currentMSecsSinceEpoch());
        RedundancyConfig config;
        config.kind = RedundancyKind::GRS;
        config.locations = {path(QStringLiteral("vault"))};
        config.secondary = QStringLiteral("azure://devstoreaccount1/geo/console");
        auto ws =
            Workspace::create(path(QStringLiteral("ws")), config, &kPass, clock_,
                              [this](const QString& spec) -> Result<std::shared_ptr<Location>> {
                                  auto opened = openLocation(spec, FileSystem::posix());
                                  if (!opened || !spec.startsWith(QStringLiteral("azure://")))
                                      return opened;
                                  secondary_ = std::make_shared<GuiThreadWatch>(*opened);
                                  return std::shared_ptr<Location>(secondary_);
                              });
        QVERIFY2(ws.isOk(), qPrintable(ws.status().message()));
        const QString file = path(QStringLiteral("app.db"));
        QVERIFY(makeDatabase(file, JournalMode::Delete, 4096, 200));
        QVERIFY((*ws)->addDatabase(QStringLiteral("app"), file, -1).isOk());
        auto db = (*ws)->catalog().findDatabase(QStringLiteral("app"));
        JobContext job;
        QVERIFY((*ws)->backup((*ws)->catalog(), *db, BackupType::Full, job).isOk());
        clock_->advanceMs(90 * kMinute); // the secondary lacks that backup for 90 minutes
        QVERIFY(secondary_);
        secondary_->forget(); // setting the workspace up is not the console's

        session_ = std::make_unique<WorkspaceSession>(std::move(*ws));
        window_ = std::make_unique<MainWindow>(*session_);
        window_->resize(1200, 800);
        window_->show();
        window_->showStorage();
        window_->storagePage()->tabs()->setCurrentIndex(StoragePage::LocationsTab);
    }

    void showsKindReachabilityAndLagFromTheEngine() {
        auto* table = window_->findChild<QTableView*>(QStringLiteral("locationsTable"));
        QVERIFY(table);
        QAbstractItemModelTester tester(table->model());
        QTRY_COMPARE(table->model()->rowCount(), 2);
        QAbstractItemModel* model = table->model();
        // The engine asked directly, on this thread: the test's own requests, not the console's.
        QVERIFY2(secondary_->guiThreadRequests == 0, qPrintable(secondary_->asked()));
        const QList<LocationStatus> engine =
            SessionEngine::workspace(*session_).locationStatus(SessionEngine::catalog(*session_));
        secondary_->forget();
        QCOMPARE(engine.size(), 2);
        QCOMPARE(cell(model, 0, LocationListModel::Role), QStringLiteral("Primary"));
        QCOMPARE(cell(model, 0, LocationListModel::Url), engine[0].url);
        QCOMPARE(cell(model, 0, LocationListModel::Kind), QStringLiteral("folder"));
        QCOMPARE(cell(model, 0, LocationListModel::Reachability), QStringLiteral("Reachable"));
        QCOMPARE(cell(model, 1, LocationListModel::Role), QStringLiteral("Geo secondary"));
        QCOMPARE(cell(model, 1, LocationListModel::Url),
                 QStringLiteral("azure://devstoreaccount1/geo/console"));
        QCOMPARE(cell(model, 1, LocationListModel::Kind), QStringLiteral("Azure Blob"));
        QCOMPARE(cell(model, 1, LocationListModel::Reachability), QStringLiteral("Reachable"));
        QCOMPARE(model->index(1, LocationListModel::Lag).data(LocationListModel::LagMsRole),
                 QVariant(engine[1].lagMs));
        QCOMPARE(engine[1].lagMs, 90 * kMinute);
        QVERIFY2(cell(model, 1, LocationListModel::Lag).contains(QStringLiteral("1 backup")),
                 qPrintable(cell(model, 1, LocationListModel::Lag)));
        shoot(window_.get(), QStringLiteral("23-storage-locations"));
    }

    // The console's health verdicts carry the lag (and say the secondary is over an hour
    // behind) without the GUI thread asking the secondary anything.
    void theGuiThreadNeverAsksTheSecondary() {
        QTRY_VERIFY(!session_->locations().isEmpty());
        window_->showOverview();
        emit session_->changed();
        QApplication::processEvents();
        const QList<DatabaseHealth> health = session_->health();
        QCOMPARE(health.size(), 1);
        QVERIFY(health.first().hasReason(health_code::kReplicationLag));
        QVERIFY2(secondary_->guiThreadRequests == 0, qPrintable(secondary_->asked()));
    }

    void followsReplicationWhenAskedAgain() {
        QVERIFY(SessionEngine::workspace(*session_)
                    .replicate(SessionEngine::catalog(*session_))
                    .isOk());
        secondary_->forget(); // the test replicated on this thread, not the console
        auto* refresh = window_->findChild<QPushButton*>(QStringLiteral("locationsRefresh"));
        QVERIFY(refresh);
        refresh->click();
        auto* table = window_->findChild<QTableView*>(QStringLiteral("locationsTable"));
        QTRY_COMPARE(
            table->model()->index(1, LocationListModel::Lag).data(LocationListModel::LagMsRole),
            QVariant(qint64(0)));
        QCOMPARE(cell(table->model(), 1, LocationListModel::Lag),
                 QStringLiteral("none: every backup is there"));
    }

    void showsAnUnreachableLocationWithItsReason() {
        QVERIFY(QDir(path(QStringLiteral("vault"))).removeRecursively());
        window_->findChild<QPushButton*>(QStringLiteral("locationsRefresh"))->click();
        auto* table = window_->findChild<QTableView*>(QStringLiteral("locationsTable"));
        QTRY_VERIFY(!table->model()->index(0, 0).data(LocationListModel::ReachableRole).toBool());
        const QString text = cell(table->model(), 0, LocationListModel::Reachability);
        QVERIFY2(text.startsWith(QStringLiteral("Unreachable: ")), qPrintable(text));
        QVERIFY2(text.contains(path(QStringLiteral("vault"))), qPrintable(text));
        QCOMPARE(cell(table->model(), 1, LocationListModel::Reachability),
                 QStringLiteral("Reachable"));
        shoot(window_.get(), QStringLiteral("24-storage-location-unreachable"));
    }

    void cleanupTestCase() {
        QVERIFY2(secondary_->guiThreadRequests == 0, qPrintable(secondary_->asked()));
        window_.reset();
        session_.reset();
    }
};

QTEST_MAIN(LocationsViewTest)
#include "tst_gui_locations.moc"
