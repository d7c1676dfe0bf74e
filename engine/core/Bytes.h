#pragma once

#include <QByteArray>

#include <cstdint>
#include <cstring>

namespace tidemark {

// Little-endian encoding for the vault's binary formats.
class ByteWriter {
public:
    void u32(uint32_t v) { raw(&v, 4); }
    void u64(uint64_t v) { raw(&v, 8); }
    void bytes(const void* p, size_t n) { raw(p, n); }
    void bytes(const QByteArray& b) { raw(b.constData(), size_t(b.size())); }
    QByteArray& data() { return out_; }

private:
    void raw(const void* p, size_t n) { out_.append(static_cast<const char*>(p), qsizetype(n)); }
    QByteArray out_;
};

// Reads what ByteWriter wrote; any read past the end sets failed() instead of crashing,
// so a damaged object is reported, never trusted.
class ByteReader {
public:
    ByteReader(const char* p, size_t n) : p_(p), n_(n) {}
    explicit ByteReader(const QByteArray& b) : p_(b.constData()), n_(size_t(b.size())) {}
    uint32_t u32() {
        uint32_t v = 0;
        take(&v, 4);
        return v;
    }
    uint64_t u64() {
        uint64_t v = 0;
        take(&v, 8);
        return v;
    }
    bool take(void* out, size_t n) {
        if (failed_ || n > n_ - pos_) {
            failed_ = true;
            std::memset(out, 0, n);
            return false;
        }
        std::memcpy(out, p_ + pos_, n);
        pos_ += n;
        return true;
    }
    QByteArray bytes(size_t n) {
        if (failed_ || n > n_ - pos_) {
            failed_ = true;
            return {};
        }
        QByteArray b(p_ + pos_, qsizetype(n));
        pos_ += n;
        return b;
    }
    size_t remaining() const { return n_ - pos_; }
    bool failed() const { return failed_; }

private:
    const char* p_;
    size_t n_;
    size_t pos_ = 0;
    bool failed_ = false;
};

} // namespace tidemark
