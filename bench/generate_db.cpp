// tidemark-bench-gen: builds a realistic, deterministic SQLite database for the Tidemark
// benchmark, and mutates one to produce differential and log changes.
//
//   tidemark-bench-gen --out FILE --size-mib N [--seed S] [--page-size P] [--journal wal|delete]
//   tidemark-bench-gen --mutate FILE --percent X [--seed S]
//
// The database looks like a small shop: customers, products, orders, order_items and an
// events table with JSON payloads, each with secondary indexes. Text comes from word lists
// mixed with identifiers, so the file compresses about 3x with zstd -3. The same seed and size
// give the same rows in the same order.

#include <sqlite3.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace {

// ---------------------------------------------------------------------------------------------
// Deterministic random numbers (splitmix64 sequence; fast and identical on every platform).

class Rng {
public:
    explicit Rng(std::uint64_t seed) : state_(seed) {}

    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    // Uniform in [0, n); the modulo bias is irrelevant for test data.
    std::uint64_t below(std::uint64_t n) { return n == 0 ? 0 : next() % n; }
    std::int64_t range(std::int64_t lo, std::int64_t hi) {
        return lo + static_cast<std::int64_t>(below(static_cast<std::uint64_t>(hi - lo + 1)));
    }
    double unit() { return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0); }
    bool chance(double p) { return unit() < p; }
    // Skewed pick: low indexes are much more likely (popular names, best-selling products).
    std::uint64_t skewed(std::uint64_t n) {
        const double u = unit();
        return std::min<std::uint64_t>(n - 1, static_cast<std::uint64_t>(u * u * u * n));
    }
    template <typename T, std::size_t N> const T& pick(const T (&items)[N]) {
        return items[below(N)];
    }
    template <typename T, std::size_t N> const T& pickSkewed(const T (&items)[N]) {
        return items[skewed(N)];
    }

private:
    std::uint64_t state_;
};

// ---------------------------------------------------------------------------------------------
// Word lists.

constexpr std::string_view kFirstNames[] = {
    "Anna",   "Ben",     "Clara",   "David",  "Elena",   "Felix",    "Grace",    "Henry",  "Ines",
    "Jonas",  "Karin",   "Lukas",   "Maria",  "Noah",    "Olivia",   "Paul",     "Quinn",  "Rosa",
    "Samuel", "Theresa", "Ulrich",  "Vera",   "William", "Xenia",    "Yusuf",    "Zoe",    "Amelia",
    "Bruno",  "Chloe",   "Daniel",  "Emma",   "Frank",   "Greta",    "Hugo",     "Isabel", "Jakob",
    "Katja",  "Leon",    "Mila",    "Nils",   "Oskar",   "Pia",      "Rafael",   "Sofia",  "Tobias",
    "Ursula", "Viktor",  "Wanda",   "Adrian", "Beatriz", "Carlos",   "Dora",     "Emil",   "Fatima",
    "Georg",  "Hannah",  "Ivan",    "Julia",  "Konrad",  "Lena",     "Martin",   "Nora",   "Otto",
    "Paula",  "Ruth",    "Stefan",  "Tanja",  "Uwe",     "Valentin", "Wiebke",   "Yara",   "Zeno",
    "Alice",  "Boris",   "Celine",  "Dmitri", "Esther",  "Fabian",   "Gina",     "Harald", "Ida",
    "Janek",  "Klara",   "Linus",   "Magda",  "Nikolai", "Olga",     "Peter",    "Rita",   "Simon",
    "Tilda",  "Ulla",    "Vincent", "Wilma",  "Aaron",   "Bianca",   "Cornelia", "Dennis", "Erik",
    "Frieda", "Gustav",  "Helena",  "Igor",   "Jana",
};

constexpr std::string_view kLastNames[] = {
    "Meyer",      "Schmidt",  "Fischer",  "Weber",     "Wagner",    "Becker",   "Schulz",
    "Hoffmann",   "Koch",     "Richter",  "Klein",     "Wolf",      "Neumann",  "Schwarz",
    "Zimmermann", "Braun",    "Hofmann",  "Hartmann",  "Lange",     "Schmitt",  "Werner",
    "Krause",     "Lehmann",  "Walter",   "Maier",     "Keller",    "Huber",    "Kaiser",
    "Fuchs",      "Peters",   "Jung",     "Vogel",     "Roth",      "Frank",    "Berger",
    "Winkler",    "Lorenz",   "Baumann",  "Albrecht",  "Franke",    "Ludwig",   "Otto",
    "Garcia",     "Martinez", "Rossi",    "Bianchi",   "Dubois",    "Moreau",   "Laurent",
    "Novak",      "Kowalski", "Nowak",    "Horvat",    "Jansen",    "de Vries", "Bakker",
    "Larsen",     "Nielsen",  "Hansen",   "Andersson", "Johansson", "Karlsson", "Smith",
    "Johnson",    "Brown",    "Taylor",   "Wilson",    "Davies",    "Evans",    "Thomas",
    "Roberts",    "Walker",   "Wright",   "Thompson",  "White",     "Green",    "Hall",
    "Wood",       "Clarke",   "Jackson",  "Murphy",    "Kelly",     "O'Brien",  "Ryan",
    "Silva",      "Santos",   "Ferreira", "Costa",     "Oliveira",  "Pereira",  "Yilmaz",
    "Kaya",       "Demir",    "Sahin",    "Popescu",   "Ionescu",   "Petrov",   "Ivanov",
};

constexpr std::string_view kStreetWords[] = {
    "Oak",     "Maple",      "Harbour", "Mill",    "Church",   "Station", "Garden", "River",
    "Castle",  "Market",     "Linden",  "Birch",   "Chestnut", "Meadow",  "Forest", "Lake",
    "Bridge",  "Hill",       "Park",    "Willow",  "Cedar",    "Spring",  "Sunset", "King",
    "Queen",   "Elm",        "Ash",     "Rose",    "Tulip",    "Baker",   "Miller", "Fisher",
    "Harvest", "Lighthouse", "Quarry",  "Orchard", "Vineyard", "School",  "Tower",  "Canal",
};

constexpr std::string_view kStreetKinds[] = {"Street", "Road",   "Lane",    "Avenue", "Way",
                                             "Close",  "Square", "Terrace", "Drive",  "Place"};

struct City {
    std::string_view name;
    std::string_view country;
    std::string_view postalPrefix;
};

constexpr City kCities[] = {
    {"Hamburg", "DE", "20"},   {"Berlin", "DE", "10"},    {"Munich", "DE", "80"},
    {"Cologne", "DE", "50"},   {"Leipzig", "DE", "04"},   {"Bremen", "DE", "28"},
    {"Vienna", "AT", "1"},     {"Graz", "AT", "8"},       {"Zurich", "CH", "80"},
    {"Basel", "CH", "40"},     {"Amsterdam", "NL", "10"}, {"Utrecht", "NL", "35"},
    {"Rotterdam", "NL", "30"}, {"Brussels", "BE", "10"},  {"Ghent", "BE", "90"},
    {"Paris", "FR", "75"},     {"Lyon", "FR", "69"},      {"Nantes", "FR", "44"},
    {"Milan", "IT", "20"},     {"Turin", "IT", "10"},     {"Bologna", "IT", "40"},
    {"Madrid", "ES", "28"},    {"Valencia", "ES", "46"},  {"Seville", "ES", "41"},
    {"Lisbon", "PT", "11"},    {"Porto", "PT", "40"},     {"Copenhagen", "DK", "1"},
    {"Aarhus", "DK", "8"},     {"Stockholm", "SE", "11"}, {"Gothenburg", "SE", "41"},
    {"Oslo", "NO", "0"},       {"Bergen", "NO", "5"},     {"Helsinki", "FI", "00"},
    {"Warsaw", "PL", "00"},    {"Krakow", "PL", "30"},    {"Prague", "CZ", "1"},
    {"Brno", "CZ", "6"},       {"Budapest", "HU", "1"},   {"Dublin", "IE", "D"},
    {"Manchester", "GB", "M"}, {"Leeds", "GB", "LS"},     {"Bristol", "GB", "BS"},
};

constexpr std::string_view kMailDomains[] = {
    "example.com",  "mail.example", "post.example", "inbox.example",  "webmail.example",
    "shop.example", "corp.example", "uni.example",  "family.example", "studio.example",
};

constexpr std::string_view kAdjectives[] = {
    "compact",  "durable",    "lightweight", "elegant",  "rugged",     "handmade",  "classic",
    "modern",   "versatile",  "premium",     "everyday", "foldable",   "insulated", "organic",
    "recycled", "waterproof", "ergonomic",   "wireless", "adjustable", "stackable", "vintage",
    "minimal",  "heavy-duty", "portable",    "soft",     "bright",     "quiet",     "fast",
    "reliable", "refillable", "washable",    "natural",  "smart",      "stainless", "cozy",
};

constexpr std::string_view kMaterials[] = {
    "oak",   "walnut", "steel",  "aluminium", "ceramic", "cotton", "linen",  "wool",
    "glass", "bamboo", "copper", "leather",   "canvas",  "cork",   "marble", "silicone",
};

constexpr std::string_view kNouns[] = {
    "kettle",  "lamp",     "backpack", "chair",      "mug",     "notebook",     "blanket",
    "jacket",  "speaker",  "bottle",   "desk",       "shelf",   "pan",          "knife",
    "towel",   "cushion",  "tent",     "headphones", "charger", "keyboard",     "watch",
    "wallet",  "umbrella", "planter",  "candle",     "teapot",  "bicycle bell", "scarf",
    "sweater", "sneakers", "tray",     "grinder",    "scale",   "thermos",      "rug",
};

constexpr std::string_view kCategories[] = {
    "kitchen", "home",   "outdoor", "office", "electronics", "fashion",
    "garden",  "sports", "travel",  "toys",   "books",       "beauty",
};

constexpr std::string_view kDescriptionWords[] = {
    "designed",  "for",        "daily",       "use",      "with",      "a",           "the",
    "and",       "built",      "to",          "last",     "easy",      "clean",       "fits",
    "most",      "kitchens",   "offices",     "comes",    "in",        "several",     "colours",
    "made",      "from",       "sustainably", "sourced",  "materials", "tested",      "by",
    "our",       "team",       "over",        "months",   "of",        "real",        "life",
    "perfect",   "gift",       "friends",     "family",   "holds",     "up",          "temperature",
    "hours",     "keeps",      "things",      "tidy",     "simple",    "set",         "no",
    "tools",     "needed",     "includes",    "spare",    "parts",     "two",         "year",
    "warranty",  "dishwasher", "safe",        "hand",     "wash",      "recommended", "weighs",
    "only",      "grams",      "available",   "while",    "stocks",    "limited",     "edition",
    "customers", "love",       "its",         "feel",     "sturdy",    "frame",       "smooth",
    "finish",    "quiet",      "motor",       "long",     "battery",   "charges",     "quickly",
    "via",       "USB-C",      "cable",       "included", "box",       "contains",    "manual",
};

constexpr std::string_view kOrderStatuses[] = {"pending",   "paid",      "packed",  "shipped",
                                               "delivered", "cancelled", "refunded"};

constexpr std::string_view kCurrencies[] = {"EUR", "EUR", "EUR", "GBP", "CHF", "SEK", "PLN", "DKK"};

constexpr std::string_view kEventKinds[] = {
    "page_view", "page_view", "page_view",   "search",         "add_to_cart",  "remove_from_cart",
    "checkout",  "login",     "logout",      "review",         "wishlist",     "newsletter_open",
    "page_view", "search",    "add_to_cart", "password_reset", "support_chat", "coupon_applied",
};

constexpr std::string_view kPages[] = {
    "/",     "/products", "/cart",     "/checkout", "/account", "/account/orders",
    "/help", "/search",   "/wishlist", "/blog",     "/contact", "/category",
};

constexpr std::string_view kBrowsers[] = {
    "Firefox/128.0",     "Chrome/126.0.6478", "Safari/17.5",         "Edge/126.0.2592",
    "Chrome/125.0.6422", "Firefox/127.0",     "SamsungBrowser/25.0",
};

constexpr std::string_view kPlatforms[] = {
    "Windows NT 10.0; Win64; x64", "Macintosh; Intel Mac OS X 14_5",
    "X11; Linux x86_64",           "iPhone; CPU iPhone OS 17_5 like Mac OS X",
    "Linux; Android 14; Pixel 8",
};

constexpr std::string_view kReferrers[] = {"direct",    "newsletter", "search", "social",
                                           "affiliate", "ads",        "partner"};

constexpr std::string_view kCampaigns[] = {"spring_sale",  "summer_deals",   "back_to_school",
                                           "black_friday", "winter_warmers", "none"};

constexpr std::string_view kReviewPhrases[] = {
    "works as described",     "arrived quickly",           "good value for the price",
    "would buy again",        "colour slightly different", "packaging could be better",
    "exactly what I needed",  "my kids love it",           "sturdier than expected",
    "took a while to arrive", "great customer service",    "fits perfectly",
};

constexpr std::string_view kNotes[] = {
    "prefers delivery after 5pm",
    "leave parcel with neighbour",
    "VIP customer",
    "ring twice",
    "business account",
    "requested paper invoice",
    "allergic to latex packaging",
    "gift wrap by default",
    "call before delivery",
};

// ---------------------------------------------------------------------------------------------
// Small string helpers.

void appendHex(std::string& out, Rng& rng, int digits) {
    static constexpr char kHex[] = "0123456789abcdef";
    while (digits > 0) {
        std::uint64_t v = rng.next();
        for (int i = 0; i < 16 && digits > 0; ++i, --digits) {
            out.push_back(kHex[v & 15]);
            v >>= 4;
        }
    }
}

void appendBase64(std::string& out, Rng& rng, int chars) {
    static constexpr char kAlphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    while (chars > 0) {
        std::uint64_t v = rng.next();
        for (int i = 0; i < 10 && chars > 0; ++i, --chars) {
            out.push_back(kAlphabet[v & 63]);
            v >>= 6;
        }
    }
}

void appendDigits(std::string& out, Rng& rng, int digits) {
    for (int i = 0; i < digits; ++i) {
        out.push_back(static_cast<char>('0' + rng.below(10)));
    }
}

void appendInt(std::string& out, std::int64_t v) {
    char buf[32];
    const int n = std::snprintf(buf, sizeof buf, "%" PRId64, v);
    out.append(buf, static_cast<std::size_t>(n));
}

void appendMoney(std::string& out, std::int64_t cents) {
    char buf[48];
    const int n =
        std::snprintf(buf, sizeof buf, "%" PRId64 ".%02" PRId64, cents / 100, cents % 100);
    out.append(buf, static_cast<std::size_t>(n));
}

std::string uuid(Rng& rng) {
    std::string s;
    s.reserve(36);
    appendHex(s, rng, 8);
    s.push_back('-');
    appendHex(s, rng, 4);
    s.append("-4");
    appendHex(s, rng, 3);
    s.push_back('-');
    s.push_back("89ab"[rng.below(4)]);
    appendHex(s, rng, 3);
    s.push_back('-');
    appendHex(s, rng, 12);
    return s;
}

// Millisecond timestamps in ISO 8601 UTC, as an application would store them.
std::string isoTime(std::int64_t millis) {
    const std::time_t secs = static_cast<std::time_t>(millis / 1000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[40];
    const int n = std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                                tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                                tm.tm_sec, static_cast<int>(millis % 1000));
    return std::string(buf, static_cast<std::size_t>(n));
}

std::string lowerAscii(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        if (c >= 'A' && c <= 'Z') {
            out.push_back(static_cast<char>(c - 'A' + 'a'));
        } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            out.push_back(c);
        }
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// SQLite wrappers.

[[noreturn]] void fail(sqlite3* db, const std::string& what) {
    throw std::runtime_error(what + ": " + (db ? sqlite3_errmsg(db) : "no database"));
}

class Db {
public:
    explicit Db(const std::string& path, bool create) {
        const int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
        if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
            const std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
            sqlite3_close(db_);
            db_ = nullptr;
            throw std::runtime_error("cannot open " + path + ": " + msg);
        }
        sqlite3_busy_timeout(db_, 10000);
    }
    ~Db() { sqlite3_close(db_); }
    Db(const Db&) = delete;
    Db& operator=(const Db&) = delete;

    sqlite3* handle() const { return db_; }

    void exec(const std::string& sql) {
        char* err = nullptr;
        if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
            std::string msg = err ? err : "unknown error";
            sqlite3_free(err);
            throw std::runtime_error("SQL failed (" + sql.substr(0, 60) + "): " + msg);
        }
    }

    std::int64_t scalar(const std::string& sql);

private:
    sqlite3* db_ = nullptr;
};

class Stmt {
public:
    Stmt(Db& db, const char* sql) : db_(db.handle()) {
        if (sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr) !=
            SQLITE_OK) {
            fail(db_, std::string("prepare ") + sql);
        }
    }
    ~Stmt() { sqlite3_finalize(stmt_); }
    Stmt(const Stmt&) = delete;
    Stmt& operator=(const Stmt&) = delete;

    Stmt& bind(int i, std::int64_t v) {
        check(sqlite3_bind_int64(stmt_, i, v));
        return *this;
    }
    Stmt& bind(int i, std::string_view v) {
        check(sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT));
        return *this;
    }
    Stmt& bindNull(int i) {
        check(sqlite3_bind_null(stmt_, i));
        return *this;
    }
    // Runs a statement that returns no rows.
    void run() {
        const int rc = sqlite3_step(stmt_);
        sqlite3_reset(stmt_);
        if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
            fail(db_, "step");
        }
    }
    bool step() {
        const int rc = sqlite3_step(stmt_);
        if (rc == SQLITE_ROW) {
            return true;
        }
        if (rc != SQLITE_DONE) {
            fail(db_, "step");
        }
        return false;
    }
    void reset() { sqlite3_reset(stmt_); }
    std::int64_t columnInt(int i) const { return sqlite3_column_int64(stmt_, i); }
    std::string columnText(int i) const {
        const unsigned char* t = sqlite3_column_text(stmt_, i);
        return t ? std::string(reinterpret_cast<const char*>(t)) : std::string();
    }

private:
    void check(int rc) {
        if (rc != SQLITE_OK) {
            fail(db_, "bind");
        }
    }
    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
};

std::int64_t Db::scalar(const std::string& sql) {
    Stmt s(*this, sql.c_str());
    const std::int64_t v = s.step() ? s.columnInt(0) : 0;
    s.reset();
    return v;
}

// ---------------------------------------------------------------------------------------------
// Schema.

constexpr const char* kSchema = R"sql(
CREATE TABLE customers(
  id INTEGER PRIMARY KEY,
  uuid TEXT NOT NULL,
  first_name TEXT NOT NULL,
  last_name TEXT NOT NULL,
  email TEXT NOT NULL,
  password_hash TEXT,
  phone TEXT,
  street TEXT,
  postal_code TEXT,
  city TEXT,
  country TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  loyalty_points INTEGER NOT NULL DEFAULT 0,
  marketing_opt_in INTEGER NOT NULL DEFAULT 0,
  notes TEXT
);
CREATE UNIQUE INDEX customers_email ON customers(email);
CREATE INDEX customers_name ON customers(last_name, first_name);
CREATE INDEX customers_location ON customers(country, city);

CREATE TABLE products(
  id INTEGER PRIMARY KEY,
  sku TEXT NOT NULL,
  name TEXT NOT NULL,
  category TEXT NOT NULL,
  description TEXT NOT NULL,
  price_cents INTEGER NOT NULL,
  currency TEXT NOT NULL,
  stock INTEGER NOT NULL,
  weight_grams INTEGER NOT NULL,
  attributes TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX products_sku ON products(sku);
CREATE INDEX products_category ON products(category, price_cents);

CREATE TABLE orders(
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  placed_at TEXT NOT NULL,
  status TEXT NOT NULL,
  currency TEXT NOT NULL,
  subtotal_cents INTEGER NOT NULL,
  shipping_cents INTEGER NOT NULL,
  tax_cents INTEGER NOT NULL,
  total_cents INTEGER NOT NULL,
  shipping_name TEXT NOT NULL,
  shipping_street TEXT NOT NULL,
  shipping_postal_code TEXT NOT NULL,
  shipping_city TEXT NOT NULL,
  shipping_country TEXT NOT NULL,
  payment_ref TEXT,
  tracking_code TEXT,
  updated_at TEXT NOT NULL
);
CREATE INDEX orders_customer ON orders(customer_id, placed_at);
CREATE INDEX orders_status ON orders(status, placed_at);

CREATE TABLE order_items(
  id INTEGER PRIMARY KEY,
  order_id INTEGER NOT NULL REFERENCES orders(id),
  product_id INTEGER NOT NULL REFERENCES products(id),
  quantity INTEGER NOT NULL,
  unit_price_cents INTEGER NOT NULL,
  discount_cents INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX order_items_order ON order_items(order_id);
CREATE INDEX order_items_product ON order_items(product_id);

CREATE TABLE events(
  id INTEGER PRIMARY KEY,
  occurred_at TEXT NOT NULL,
  customer_id INTEGER,
  kind TEXT NOT NULL,
  payload TEXT NOT NULL
);
CREATE INDEX events_time ON events(occurred_at);
CREATE INDEX events_customer ON events(customer_id, occurred_at);

CREATE TABLE bench_meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
)sql";

// ---------------------------------------------------------------------------------------------
// Row generation shared by the generator and the mutator.

struct Address {
    std::string street;
    std::string postal;
    const City* city;
};

class Shop {
public:
    Shop(Db& db, Rng& rng, std::int64_t clockMillis)
        : rng_(rng), clock_(clockMillis),
          insertCustomer_(db, "INSERT INTO customers(id, uuid, first_name, last_name, email, "
                              "phone, street, postal_code, city, country, created_at, "
                              "updated_at, loyalty_points, marketing_opt_in, notes, "
                              "password_hash) "
                              "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?11,?12,?13,?14,?15)"),
          insertProduct_(db, "INSERT INTO products(id, sku, name, category, description, "
                             "price_cents, currency, stock, weight_grams, attributes, "
                             "created_at, updated_at) "
                             "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?11)"),
          insertOrder_(db, "INSERT INTO orders(id, customer_id, placed_at, status, currency, "
                           "subtotal_cents, shipping_cents, tax_cents, total_cents, "
                           "shipping_name, shipping_street, shipping_postal_code, "
                           "shipping_city, shipping_country, payment_ref, tracking_code, "
                           "updated_at) "
                           "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?3)"),
          insertItem_(db, "INSERT INTO order_items(id, order_id, product_id, quantity, "
                          "unit_price_cents, discount_cents) VALUES(?1,?2,?3,?4,?5,?6)"),
          insertEvent_(db, "INSERT INTO events(id, occurred_at, customer_id, kind, payload) "
                           "VALUES(?1,?2,?3,?4,?5)") {
        customerCount_ = db.scalar("SELECT coalesce(max(id),0) FROM customers");
        productCount_ = db.scalar("SELECT coalesce(max(id),0) FROM products");
        orderCount_ = db.scalar("SELECT coalesce(max(id),0) FROM orders");
        itemCount_ = db.scalar("SELECT coalesce(max(id),0) FROM order_items");
        eventCount_ = db.scalar("SELECT coalesce(max(id),0) FROM events");
    }

    std::int64_t clock() const { return clock_; }
    std::int64_t maxCustomer() const { return customerCount_; }
    std::int64_t maxProduct() const { return productCount_; }
    std::int64_t maxOrder() const { return orderCount_; }
    std::int64_t maxEvent() const { return eventCount_; }

    // Moves the simulated clock on; `pace` is the mean step in milliseconds.
    void setPace(std::int64_t paceMillis) { pace_ = std::max<std::int64_t>(2, paceMillis); }
    void tick() {
        clock_ += 1 + static_cast<std::int64_t>(rng_.below(static_cast<std::uint64_t>(2 * pace_)));
    }

    // Picks an existing id, mostly among the newest `recentShare` of the range.
    std::int64_t pickId(std::int64_t maxId, double recentShare = 0.1, double recentBias = 0.8) {
        if (maxId <= 0) {
            return 0;
        }
        if (rng_.chance(recentBias)) {
            const std::int64_t window = std::max<std::int64_t>(
                1, static_cast<std::int64_t>(static_cast<double>(maxId) * recentShare));
            return maxId -
                   static_cast<std::int64_t>(rng_.below(static_cast<std::uint64_t>(window)));
        }
        return 1 + static_cast<std::int64_t>(rng_.below(static_cast<std::uint64_t>(maxId)));
    }

    Address address() {
        Address a;
        a.city = &rng_.pickSkewed(kCities);
        a.street.append(rng_.pick(kStreetWords));
        a.street.push_back(' ');
        a.street.append(rng_.pick(kStreetKinds));
        a.street.push_back(' ');
        appendInt(a.street, rng_.range(1, 240));
        if (rng_.chance(0.15)) {
            a.street.append(", flat ");
            appendInt(a.street, rng_.range(1, 60));
        }
        a.postal.append(a.city->postalPrefix);
        appendDigits(a.postal, rng_,
                     5 - static_cast<int>(std::min<std::size_t>(a.city->postalPrefix.size(), 2)));
        return a;
    }

    void addCustomer() {
        const std::int64_t id = ++customerCount_;
        tick();
        const std::string_view first = rng_.pickSkewed(kFirstNames);
        const std::string_view last = rng_.pick(kLastNames);
        std::string email = lowerAscii(first);
        email.push_back(rng_.chance(0.5) ? '.' : '_');
        email.append(lowerAscii(last));
        appendInt(email, id);
        email.push_back('@');
        email.append(rng_.pick(kMailDomains));
        std::string phone = "+49 ";
        appendDigits(phone, rng_, 3);
        phone.push_back(' ');
        appendDigits(phone, rng_, 7);
        const Address a = address();
        insertCustomer_.bind(1, id)
            .bind(2, uuid(rng_))
            .bind(3, first)
            .bind(4, last)
            .bind(5, email)
            .bind(6, phone)
            .bind(7, a.street)
            .bind(8, a.postal)
            .bind(9, a.city->name)
            .bind(10, a.city->country)
            .bind(11, isoTime(clock_))
            .bind(12, static_cast<std::int64_t>(rng_.skewed(5000)))
            .bind(13, static_cast<std::int64_t>(rng_.chance(0.35)));
        if (rng_.chance(0.08)) {
            insertCustomer_.bind(14, rng_.pick(kNotes));
        } else {
            insertCustomer_.bindNull(14);
        }
        std::string hash = "$argon2id$v=19$m=65536,t=3,p=4$";
        appendBase64(hash, rng_, 22);
        hash.push_back('$');
        appendBase64(hash, rng_, 43);
        insertCustomer_.bind(15, hash);
        insertCustomer_.run();
    }

    void addProduct() {
        const std::int64_t id = ++productCount_;
        const std::string_view category = rng_.pick(kCategories);
        const std::string_view adjective = rng_.pick(kAdjectives);
        const std::string_view material = rng_.pick(kMaterials);
        const std::string_view noun = rng_.pick(kNouns);
        std::string sku;
        for (int i = 0; i < 3; ++i) {
            sku.push_back(static_cast<char>(
                category[static_cast<std::size_t>(i) % category.size()] - 'a' + 'A'));
        }
        sku.push_back('-');
        appendInt(sku, 100000 + id);
        sku.push_back('-');
        appendHex(sku, rng_, 4);
        std::string name;
        name.append(adjective).append(" ").append(material).append(" ").append(noun);
        name[0] = static_cast<char>(name[0] - 'a' + 'A');
        std::string description = name;
        description.append(". ");
        const int words = static_cast<int>(rng_.range(25, 70));
        for (int i = 0; i < words; ++i) {
            description.append(rng_.pick(kDescriptionWords));
            description.push_back(i % 11 == 10 ? '.' : ' ');
            if (i % 11 == 10) {
                description.push_back(' ');
            }
        }
        description.append("Model ");
        appendHex(description, rng_, 6);
        description.push_back('.');
        const std::int64_t price = rng_.range(299, 49999);
        std::string attributes = R"({"colour":")";
        attributes.append(rng_.pick(kMaterials)).append(R"(","dimensions_mm":[)");
        appendInt(attributes, rng_.range(20, 900));
        attributes.push_back(',');
        appendInt(attributes, rng_.range(20, 900));
        attributes.push_back(',');
        appendInt(attributes, rng_.range(5, 600));
        attributes.append(R"(],"tags":[")").append(rng_.pick(kAdjectives));
        attributes.append(R"(",")").append(rng_.pick(kAdjectives)).append(R"("],"supplier":")");
        attributes.append(rng_.pick(kLastNames)).append(R"( GmbH","ean":")");
        appendDigits(attributes, rng_, 13);
        attributes.append("\"}");
        insertProduct_.bind(1, id)
            .bind(2, sku)
            .bind(3, name)
            .bind(4, category)
            .bind(5, description)
            .bind(6, price)
            .bind(7, std::string_view("EUR"))
            .bind(8, rng_.range(0, 2500))
            .bind(9, rng_.range(40, 12000))
            .bind(10, attributes)
            .bind(11, isoTime(clock_))
            .run();
    }

    // An order with its items; `fresh` orders are new, others were placed a while ago.
    void addOrder(bool fresh) {
        const std::int64_t id = ++orderCount_;
        tick();
        const std::int64_t customer = pickId(customerCount_, 0.3, 0.5);
        const int items = 1 + static_cast<int>(rng_.skewed(6));
        std::int64_t subtotal = 0;
        for (int i = 0; i < items; ++i) {
            const std::int64_t product =
                1 +
                static_cast<std::int64_t>(rng_.skewed(static_cast<std::uint64_t>(productCount_)));
            const std::int64_t quantity = 1 + static_cast<std::int64_t>(rng_.skewed(4));
            const std::int64_t unit = rng_.range(299, 49999);
            const std::int64_t discount = rng_.chance(0.2) ? unit * quantity / 10 : 0;
            subtotal += unit * quantity - discount;
            insertItem_.bind(1, ++itemCount_)
                .bind(2, id)
                .bind(3, product)
                .bind(4, quantity)
                .bind(5, unit)
                .bind(6, discount)
                .run();
        }
        const std::int64_t shipping = subtotal > 5000 ? 0 : 495;
        const std::int64_t tax = subtotal * 19 / 119;
        const Address a = address();
        std::string shipName(rng_.pickSkewed(kFirstNames));
        shipName.push_back(' ');
        shipName.append(rng_.pick(kLastNames));
        std::string_view status;
        if (fresh) {
            status = rng_.chance(0.7) ? kOrderStatuses[0] : kOrderStatuses[1];
        } else {
            const std::uint64_t r = rng_.below(100);
            status = r < 85 ? "delivered" : r < 93 ? "cancelled" : r < 97 ? "refunded" : "shipped";
        }
        std::string payment = "pay_";
        appendHex(payment, rng_, 24);
        insertOrder_.bind(1, id)
            .bind(2, customer)
            .bind(3, isoTime(clock_))
            .bind(4, status)
            .bind(5, rng_.pick(kCurrencies))
            .bind(6, subtotal)
            .bind(7, shipping)
            .bind(8, tax)
            .bind(9, subtotal + shipping)
            .bind(10, shipName)
            .bind(11, a.street)
            .bind(12, a.postal)
            .bind(13, a.city->name)
            .bind(14, a.city->country)
            .bind(15, payment);
        if (status == "shipped" || status == "delivered") {
            std::string tracking = "TM";
            appendDigits(tracking, rng_, 12);
            tracking.append("DE");
            insertOrder_.bind(16, tracking);
        } else {
            insertOrder_.bindNull(16);
        }
        insertOrder_.run();
    }

    void addEvent() {
        const std::int64_t id = ++eventCount_;
        tick();
        const std::string_view kind = rng_.pick(kEventKinds);
        const bool anonymous = rng_.chance(0.25);
        const std::int64_t customer = anonymous ? 0 : pickId(customerCount_, 0.2, 0.5);
        std::string p;
        p.reserve(480);
        p.append(R"({"session":")");
        appendHex(p, rng_, 16);
        p.append(R"(","request_id":")");
        appendHex(p, rng_, 32);
        p.append(R"(","csrf":")");
        appendBase64(p, rng_, 22);
        p.append(R"(","client":{"ip":"10.)");
        appendInt(p, rng_.range(0, 255));
        p.push_back('.');
        appendInt(p, rng_.range(0, 255));
        p.push_back('.');
        appendInt(p, rng_.range(1, 254));
        p.append(R"(","device_id":")").append(uuid(rng_));
        p.append(R"(","user_agent":"Mozilla/5.0 ()");
        p.append(rng_.pickSkewed(kPlatforms)).append(") ").append(rng_.pickSkewed(kBrowsers));
        p.append(R"(","locale":")");
        const City& city = rng_.pickSkewed(kCities);
        p.append(lowerAscii(city.country)).append("-").append(city.country);
        p.append(R"("},"page":{"path":")").append(rng_.pickSkewed(kPages));
        if (kind == "page_view" || kind == "add_to_cart" || kind == "review" ||
            kind == "wishlist") {
            p.push_back('/');
            appendInt(p, 1 + static_cast<std::int64_t>(
                                 rng_.skewed(static_cast<std::uint64_t>(productCount_))));
        }
        p.append(R"(","referrer":")").append(rng_.pickSkewed(kReferrers));
        p.append(R"(","campaign":")").append(rng_.pickSkewed(kCampaigns));
        p.append(R"(","load_ms":)");
        appendInt(p, rng_.range(40, 2400));
        p.append(R"(},"geo":{"city":")").append(city.name);
        p.append(R"(","country":")").append(city.country).append("\"}");
        if (kind == "search") {
            p.append(R"(,"query":{"text":")").append(rng_.pick(kAdjectives)).append(" ");
            p.append(rng_.pick(kNouns)).append(R"(","results":)");
            appendInt(p, rng_.range(0, 240));
            p.append(R"(,"filters":{"category":")").append(rng_.pick(kCategories));
            p.append(R"(","max_price":)");
            appendMoney(p, rng_.range(1000, 30000));
            p.append("}}");
        } else if (kind == "add_to_cart" || kind == "checkout" || kind == "remove_from_cart") {
            p.append(R"(,"cart":{"items":[)");
            const int n = 1 + static_cast<int>(rng_.skewed(5));
            std::int64_t total = 0;
            for (int i = 0; i < n; ++i) {
                const std::int64_t price = rng_.range(299, 49999);
                const std::int64_t qty = 1 + static_cast<std::int64_t>(rng_.skewed(3));
                total += price * qty;
                p.append(i ? R"(,{"product_id":)" : R"({"product_id":)");
                appendInt(p, 1 + static_cast<std::int64_t>(
                                     rng_.skewed(static_cast<std::uint64_t>(productCount_))));
                p.append(R"(,"qty":)");
                appendInt(p, qty);
                p.append(R"(,"price":)");
                appendMoney(p, price);
                p.push_back('}');
            }
            p.append(R"(],"total":)");
            appendMoney(p, total);
            p.append(R"(,"currency":"EUR"})");
        } else if (kind == "review") {
            p.append(R"(,"review":{"stars":)");
            appendInt(p, 1 + static_cast<std::int64_t>(4 - rng_.skewed(5)));
            p.append(R"(,"text":")").append(rng_.pick(kReviewPhrases)).append(", ");
            p.append(rng_.pick(kReviewPhrases)).append("\"}");
        } else if (kind == "login" || kind == "password_reset") {
            p.append(R"(,"auth":{"method":")");
            p.append(rng_.chance(0.8) ? "password" : "passkey");
            p.append(R"(","mfa":)").append(rng_.chance(0.3) ? "true" : "false");
            p.append(R"(,"token_hash":")");
            appendHex(p, rng_, 32);
            p.append("\"}");
        }
        p.append(R"(,"trace":{"trace_id":")");
        appendHex(p, rng_, 32);
        p.append(R"(","span_id":")");
        appendHex(p, rng_, 16);
        p.append(R"(","duration_us":)");
        appendInt(p, rng_.range(150, 90000));
        p.append(R"(},"signature":")");
        appendBase64(p, rng_, 43);
        p.append("\"}");
        insertEvent_.bind(1, id).bind(2, isoTime(clock_));
        if (anonymous) {
            insertEvent_.bindNull(3);
        } else {
            insertEvent_.bind(3, customer);
        }
        insertEvent_.bind(4, kind).bind(5, p).run();
    }

private:
    Rng& rng_;
    std::int64_t clock_;
    std::int64_t pace_ = 60000;
    Stmt insertCustomer_;
    Stmt insertProduct_;
    Stmt insertOrder_;
    Stmt insertItem_;
    Stmt insertEvent_;
    std::int64_t customerCount_ = 0;
    std::int64_t productCount_ = 0;
    std::int64_t orderCount_ = 0;
    std::int64_t itemCount_ = 0;
    std::int64_t eventCount_ = 0;
};

void setMeta(Db& db, std::string_view key, std::string_view value) {
    Stmt s(db, "INSERT OR REPLACE INTO bench_meta(key, value) VALUES(?1, ?2)");
    s.bind(1, key).bind(2, value).run();
}

std::optional<std::string> getMeta(Db& db, std::string_view key) {
    Stmt s(db, "SELECT value FROM bench_meta WHERE key = ?1");
    s.bind(1, key);
    std::optional<std::string> v;
    if (s.step()) {
        v = s.columnText(0);
    }
    s.reset();
    return v;
}

// ---------------------------------------------------------------------------------------------
// Generate.

constexpr std::int64_t kStartMillis = 1672531200000; // 2023-01-01T00:00:00Z

struct GenerateOptions {
    std::string out;
    std::int64_t sizeMiB = 0;
    std::uint64_t seed = 1;
    int pageSize = 4096;
    std::string journal = "wal";
};

void generate(const GenerateOptions& o) {
    std::filesystem::remove(o.out);
    std::filesystem::remove(o.out + "-wal");
    std::filesystem::remove(o.out + "-shm");
    std::filesystem::remove(o.out + "-journal");
    Db db(o.out, true);
    db.exec("PRAGMA page_size=" + std::to_string(o.pageSize));
    db.exec("PRAGMA journal_mode=OFF");
    db.exec("PRAGMA synchronous=OFF");
    db.exec("PRAGMA cache_size=-262144"); // 256 MiB
    db.exec("PRAGMA temp_store=MEMORY");
    db.exec("BEGIN");
    db.exec(kSchema);
    db.exec("COMMIT");

    Rng rng(o.seed * 0x2545F4914F6CDD1DULL + 0x1234567);
    const std::int64_t target = o.sizeMiB * 1024 * 1024;
    const std::int64_t pageSize = db.scalar("PRAGMA page_size");
    Shop shop(db, rng, kStartMillis);

    // The catalogue exists before the first customer arrives.
    db.exec("BEGIN");
    for (int i = 0; i < 400; ++i) {
        shop.addProduct();
    }
    db.exec("COMMIT");

    // Each round is one transaction and a few hours of shop life: a few new products, new
    // customers, their orders and a stream of events.
    std::int64_t round = 0;
    while (db.scalar("PRAGMA page_count") * pageSize < target) {
        db.exec("BEGIN");
        for (int i = 0; i < 2; ++i) {
            shop.addProduct();
        }
        for (int i = 0; i < 150; ++i) {
            shop.addCustomer();
        }
        for (int i = 0; i < 350; ++i) {
            shop.addOrder(false);
        }
        for (int i = 0; i < 900; ++i) {
            shop.addEvent();
        }
        db.exec("COMMIT");
        ++round;
    }
    // The newest orders are still in progress.
    db.exec("BEGIN");
    db.exec(
        "UPDATE orders SET status = CASE id % 3 WHEN 0 THEN 'paid' WHEN 1 THEN 'packed' "
        "ELSE 'pending' END, tracking_code = NULL WHERE id > (SELECT max(id) - 200 FROM orders)");
    setMeta(db, "seed", std::to_string(o.seed));
    setMeta(db, "clock_ms", std::to_string(shop.clock()));
    setMeta(db, "generated_rounds", std::to_string(round));
    db.exec("COMMIT");
    if (o.journal == "wal") {
        db.exec("PRAGMA journal_mode=WAL");
    } else {
        db.exec("PRAGMA journal_mode=DELETE");
    }
}

// ---------------------------------------------------------------------------------------------
// Mutate.

struct MutateOptions {
    std::string file;
    double percent = 0;
    std::uint64_t seed = 1;
};

struct MutateCounts {
    std::int64_t updates = 0;
    std::int64_t inserts = 0;
    std::int64_t deletes = 0;
};

void mutate(const MutateOptions& o, MutateCounts& counts) {
    Db db(o.file, false);
    db.exec("PRAGMA synchronous=NORMAL");
    db.exec("PRAGMA cache_size=-65536");

    const std::int64_t rows = db.scalar("SELECT (SELECT count(*) FROM customers) + "
                                        "(SELECT count(*) FROM products) + "
                                        "(SELECT count(*) FROM orders) + "
                                        "(SELECT count(*) FROM order_items) + "
                                        "(SELECT count(*) FROM events)");
    const std::int64_t budget = std::max<std::int64_t>(
        1, static_cast<std::int64_t>(static_cast<double>(rows) * o.percent / 100.0));
    const auto clockText = getMeta(db, "clock_ms");
    const std::int64_t clock = clockText ? std::stoll(*clockText) : kStartMillis;
    Rng rng(o.seed * 0x9E3779B97F4A7C15ULL + 0xA5A5A5A5ULL + static_cast<std::uint64_t>(rows));
    Shop shop(db, rng, clock);
    shop.setPace(2000);

    Stmt touchCustomer(db, "UPDATE customers SET loyalty_points = loyalty_points + ?2, "
                           "updated_at = ?3 WHERE id = ?1");
    Stmt moveCustomer(db, "UPDATE customers SET street = ?2, postal_code = ?3, city = ?4, "
                          "country = ?5, updated_at = ?6 WHERE id = ?1");
    Stmt optCustomer(db, "UPDATE customers SET marketing_opt_in = 1 - marketing_opt_in, "
                         "updated_at = ?2 WHERE id = ?1");
    Stmt restock(db, "UPDATE products SET stock = ?2, updated_at = ?3 WHERE id = ?1");
    Stmt reprice(db, "UPDATE products SET price_cents = ?2, updated_at = ?3 WHERE id = ?1");
    Stmt advanceOrder(db, "UPDATE orders SET status = CASE status "
                          "WHEN 'pending' THEN 'paid' WHEN 'paid' THEN 'packed' "
                          "WHEN 'packed' THEN 'shipped' WHEN 'shipped' THEN 'delivered' "
                          "ELSE status END, tracking_code = coalesce(tracking_code, ?2), "
                          "updated_at = ?3 WHERE id = ?1");
    Stmt cancelOrder(db, "UPDATE orders SET status = 'cancelled', updated_at = ?2 WHERE id = ?1");
    Stmt deleteItem(db, "DELETE FROM order_items WHERE id = (SELECT min(id) FROM order_items "
                        "WHERE order_id = ?1) AND (SELECT count(*) FROM order_items "
                        "WHERE order_id = ?1) > 1");
    Stmt purgeEvents(db, "DELETE FROM events WHERE id IN (SELECT id FROM events ORDER BY id "
                         "LIMIT ?1)");
    Stmt forgetCustomer(db, "UPDATE customers SET first_name = 'deleted', last_name = 'deleted', "
                            "email = 'deleted-' || id || '@invalid', phone = NULL, street = NULL, "
                            "postal_code = NULL, notes = NULL, updated_at = ?2 WHERE id = ?1");

    auto changed = [&db]() { return static_cast<std::int64_t>(sqlite3_changes(db.handle())); };

    // Work happens in many small transactions, as in a live application.
    std::int64_t done = 0;
    std::int64_t inTx = 0;
    db.exec("BEGIN");
    auto maybeCommit = [&]() {
        if (++inTx >= 400) {
            db.exec("COMMIT");
            db.exec("BEGIN");
            inTx = 0;
        }
    };
    // A retention job removes the oldest events first: about a tenth of the budget.
    {
        const std::int64_t purge = budget / 10;
        purgeEvents.bind(1, purge).run();
        counts.deletes += changed();
        done += purge;
    }
    while (done < budget) {
        shop.tick();
        const std::string now = isoTime(shop.clock());
        const std::uint64_t r = rng.below(100);
        if (r < 30) { // new events (page views, searches, ...)
            for (int i = 0; i < 4; ++i) {
                shop.addEvent();
            }
            counts.inserts += 4;
            done += 4;
        } else if (r < 40) { // a new order with its items
            shop.addOrder(true);
            counts.inserts += 3;
            done += 3;
        } else if (r < 52) { // order workflow moves on
            std::string tracking = "TM";
            appendDigits(tracking, rng, 12);
            tracking.append("DE");
            advanceOrder.bind(1, shop.pickId(shop.maxOrder(), 0.02, 0.9))
                .bind(2, tracking)
                .bind(3, now)
                .run();
            counts.updates += changed();
            ++done;
        } else if (r < 54) { // a cancellation removes an item and flags the order
            const std::int64_t order = shop.pickId(shop.maxOrder(), 0.02, 0.9);
            cancelOrder.bind(1, order).bind(2, now).run();
            counts.updates += changed();
            deleteItem.bind(1, order).run();
            counts.deletes += changed();
            done += 2;
        } else if (r < 62) { // a new customer signs up
            shop.addCustomer();
            ++counts.inserts;
            ++done;
        } else if (r < 78) { // loyalty points after a purchase
            touchCustomer.bind(1, shop.pickId(shop.maxCustomer(), 0.1, 0.6))
                .bind(2, rng.range(5, 400))
                .bind(3, now)
                .run();
            counts.updates += changed();
            ++done;
        } else if (r < 82) { // a customer moves house
            const Address a = shop.address();
            moveCustomer.bind(1, shop.pickId(shop.maxCustomer(), 0.1, 0.4))
                .bind(2, a.street)
                .bind(3, a.postal)
                .bind(4, a.city->name)
                .bind(5, a.city->country)
                .bind(6, now)
                .run();
            counts.updates += changed();
            ++done;
        } else if (r < 85) { // newsletter preferences
            optCustomer.bind(1, shop.pickId(shop.maxCustomer(), 0.1, 0.5)).bind(2, now).run();
            counts.updates += changed();
            ++done;
        } else if (r < 86) { // right to be forgotten
            forgetCustomer.bind(1, shop.pickId(shop.maxCustomer(), 1.0, 0.0)).bind(2, now).run();
            counts.updates += changed();
            ++done;
        } else if (r < 96) { // stock moves
            restock
                .bind(1, 1 + static_cast<std::int64_t>(
                                 rng.skewed(static_cast<std::uint64_t>(shop.maxProduct()))))
                .bind(2, rng.range(0, 2500))
                .bind(3, now)
                .run();
            counts.updates += changed();
            ++done;
        } else { // price changes
            reprice
                .bind(1, 1 + static_cast<std::int64_t>(
                                 rng.below(static_cast<std::uint64_t>(shop.maxProduct()))))
                .bind(2, rng.range(299, 49999))
                .bind(3, now)
                .run();
            counts.updates += changed();
            ++done;
        }
        maybeCommit();
    }
    setMeta(db, "clock_ms", std::to_string(shop.clock()));
    db.exec("COMMIT");
}

// ---------------------------------------------------------------------------------------------
// Command line.

[[noreturn]] void usage(const char* why) {
    if (why) {
        std::fprintf(stderr, "tidemark-bench-gen: %s\n", why);
    }
    std::fprintf(stderr,
                 "usage: tidemark-bench-gen --out FILE --size-mib N [--seed S] [--page-size P] "
                 "[--journal wal|delete]\n"
                 "       tidemark-bench-gen --mutate FILE --percent X [--seed S]\n");
    std::exit(2);
}

std::uint64_t parseUnsigned(const std::string& s, const char* what) {
    char* end = nullptr;
    errno = 0;
    const unsigned long long v = std::strtoull(s.c_str(), &end, 10);
    if (s.empty() || *end != '\0' || errno != 0 || s[0] == '-') {
        usage((std::string("bad value for ") + what).c_str());
    }
    return v;
}

double parseDouble(const std::string& s, const char* what) {
    char* end = nullptr;
    errno = 0;
    const double v = std::strtod(s.c_str(), &end);
    if (s.empty() || *end != '\0' || errno != 0 || !(v > 0) || v > 100) {
        usage((std::string("bad value for ") + what).c_str());
    }
    return v;
}

double secondsSince(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

} // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    GenerateOptions gen;
    MutateOptions mut;
    bool haveSize = false;
    bool havePercent = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto value = [&]() -> const std::string& {
            if (i + 1 >= args.size()) {
                usage((a + " needs a value").c_str());
            }
            return args[++i];
        };
        if (a == "--out") {
            gen.out = value();
        } else if (a == "--size-mib") {
            gen.sizeMiB = static_cast<std::int64_t>(parseUnsigned(value(), "--size-mib"));
            haveSize = true;
        } else if (a == "--seed") {
            gen.seed = mut.seed = parseUnsigned(value(), "--seed");
        } else if (a == "--page-size") {
            gen.pageSize = static_cast<int>(parseUnsigned(value(), "--page-size"));
            if (gen.pageSize < 512 || gen.pageSize > 65536 ||
                (gen.pageSize & (gen.pageSize - 1)) != 0) {
                usage("--page-size must be a power of two from 512 to 65536");
            }
        } else if (a == "--journal") {
            gen.journal = value();
            if (gen.journal != "wal" && gen.journal != "delete") {
                usage("--journal must be wal or delete");
            }
        } else if (a == "--mutate") {
            mut.file = value();
        } else if (a == "--percent") {
            mut.percent = parseDouble(value(), "--percent");
            havePercent = true;
        } else if (a == "-h" || a == "--help") {
            usage(nullptr);
        } else {
            usage(("unknown argument " + a).c_str());
        }
    }

    const auto t0 = std::chrono::steady_clock::now();
    try {
        if (!mut.file.empty()) {
            if (!gen.out.empty() || !havePercent) {
                usage("--mutate needs --percent and no --out");
            }
            MutateCounts counts;
            mutate(mut, counts);
            std::printf("mutated %s: %" PRId64 " updates, %" PRId64 " inserts, %" PRId64
                        " deletes in %.2f s\n",
                        mut.file.c_str(), counts.updates, counts.inserts, counts.deletes,
                        secondsSince(t0));
        } else {
            if (gen.out.empty() || !haveSize || gen.sizeMiB == 0) {
                usage("--out and --size-mib are required");
            }
            generate(gen);
            const auto bytes = std::filesystem::file_size(gen.out);
            std::printf("generated %s: %.1f MiB in %.2f s\n", gen.out.c_str(),
                        static_cast<double>(bytes) / (1024.0 * 1024.0), secondsSince(t0));
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "tidemark-bench-gen: %s\n", e.what());
        return 1;
    }
    return 0;
}
