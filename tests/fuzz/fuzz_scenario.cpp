// The what-if simulator's JSON scenarios (`simulate FILE`), and the rates it prices with.
#include "FuzzSupport.h"
#include "billing/Simulator.h"

#include <QJsonDocument>

using namespace tidemark;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    QJsonDocument doc = QJsonDocument::fromJson(fuzz::bytes(data, size));
    if (!doc.isObject())
        return 0;
    auto scenario = Scenario::fromJson(doc.object());
    if (!scenario)
        return 0;
    // Long horizons are valid but slow to simulate; the parser above saw them all.
    if (scenario->horizonDays > 14)
        return 0;
    (void)simulate(*scenario, Rates::samples());
    return 0;
}
