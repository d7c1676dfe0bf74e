#include "stretch/StretchPredicate.h"

#include "stretch/TableShape.h"

namespace tidemark {
namespace {

enum class Tok { End, Ident, Number, String, Op, LParen, RParen, Comma, Dot, Other };

struct Token {
    Tok kind = Tok::End;
    QString text;
    int at = 0;
};

Status refuse(const QString& why) {
    return Status::invalidArgument(
        QStringLiteral("the stretch predicate is refused: %1. A predicate compares a column with "
                       "a constant (< <= > >= = <> != IN (...) IS [NOT] NULL); comparisons are "
                       "joined by OR, and groups of them by AND")
            .arg(why));
}

Result<QList<Token>> tokenize(const QString& s) {
    QList<Token> out;
    int i = 0;
    const int n = int(s.size());
    while (i < n) {
        QChar c = s[i];
        if (c.isSpace()) {
            ++i;
            continue;
        }
        Token t;
        t.at = i + 1;
        if (c.isLetter() || c == u'_') {
            int j = i;
            while (j < n && (s[j].isLetterOrNumber() || s[j] == u'_'))
                ++j;
            t.kind = Tok::Ident;
            t.text = s.mid(i, j - i);
            i = j;
        } else if (c == u'"' || c == u'[' || c == u'`') {
            QChar close = c == u'[' ? QChar(u']') : c;
            int j = i + 1;
            QString name;
            for (;;) {
                if (j >= n)
                    return refuse(QStringLiteral("an unterminated quoted name at %1").arg(t.at));
                if (s[j] == close) {
                    if (close != u']' && j + 1 < n && s[j + 1] == close) {
                        name += close;
                        j += 2;
                        continue;
                    }
                    break;
                }
                name += s[j++];
            }
            t.kind = Tok::Ident;
            t.text = name;
            t.at = -t.at; // quoted: never a keyword
            i = j + 1;
        } else if (c.isDigit() || (c == u'.' && i + 1 < n && s[i + 1].isDigit())) {
            int j = i;
            while (j < n && (s[j].isLetterOrNumber() || s[j] == u'.' ||
                             ((s[j] == u'+' || s[j] == u'-') && j > i &&
                              (s[j - 1] == u'e' || s[j - 1] == u'E'))))
                ++j;
            t.kind = Tok::Number;
            t.text = s.mid(i, j - i);
            i = j;
        } else if (c == u'\'') {
            int j = i + 1;
            QString value;
            for (;;) {
                if (j >= n)
                    return refuse(QStringLiteral("an unterminated string at %1").arg(t.at));
                if (s[j] == u'\'') {
                    if (j + 1 < n && s[j + 1] == u'\'') {
                        value += u'\'';
                        j += 2;
                        continue;
                    }
                    break;
                }
                value += s[j++];
            }
            t.kind = Tok::String;
            t.text = value;
            i = j + 1;
        } else if (c == u'<' || c == u'>' || c == u'=' || c == u'!') {
            QString two = s.mid(i, 2);
            if (two == QStringLiteral("<=") || two == QStringLiteral(">=") ||
                two == QStringLiteral("<>") || two == QStringLiteral("!=") ||
                two == QStringLiteral("==")) {
                t.text = two == QStringLiteral("==") ? QStringLiteral("=") : two;
                i += 2;
            } else if (c == u'!') {
                return refuse(QStringLiteral("'!' at %1").arg(t.at));
            } else {
                t.text = QString(c);
                ++i;
            }
            t.kind = Tok::Op;
        } else if (c == u'(' || c == u')' || c == u',' || c == u'.') {
            t.kind = c == u'('   ? Tok::LParen
                     : c == u')' ? Tok::RParen
                     : c == u',' ? Tok::Comma
                                 : Tok::Dot;
            t.text = QString(c);
            ++i;
        } else {
            t.kind = Tok::Other;
            t.text = QString(c);
            ++i;
        }
        out << t;
    }
    Token end;
    end.at = n + 1;
    out << end;
    return out;
}

class Parser {
public:
    Parser(QList<Token> tokens, const QStringList& columns)
        : t_(std::move(tokens)), columns_(columns) {}

    Status parse(StretchPredicate* out) {
        QStringList groups, texts;
        for (;;) {
            QString sql, text;
            TM_TRY(group(&sql, &text));
            groups << sql;
            texts << text;
            if (keyword("AND")) {
                ++p_;
                continue;
            }
            break;
        }
        if (t_[p_].kind != Tok::End)
            return unexpected();
        out->whereSql = groups.join(QStringLiteral(" AND "));
        out->text = texts.join(QStringLiteral(" AND "));
        out->values = values_;
        return Status::ok();
    }

private:
    bool keyword(const char* word) const {
        return t_[p_].kind == Tok::Ident && t_[p_].at > 0 &&
               t_[p_].text.compare(QLatin1String(word), Qt::CaseInsensitive) == 0;
    }
    Status unexpected() const {
        const Token& t = t_[p_];
        if (t.kind == Tok::End)
            return refuse(QStringLiteral("it ends too early"));
        if (keyword("SELECT") || keyword("EXISTS"))
            return refuse(QStringLiteral("subqueries are not allowed (at %1)").arg(std::abs(t.at)));
        return refuse(QStringLiteral("unexpected '%1' at %2").arg(t.text).arg(std::abs(t.at)));
    }

    Status group(QString* sql, QString* text) {
        bool paren = t_[p_].kind == Tok::LParen;
        if (paren)
            ++p_;
        QStringList sqls, texts;
        for (;;) {
            QString s, x;
            TM_TRY(comparison(&s, &x));
            sqls << s;
            texts << x;
            if (keyword("OR")) {
                ++p_;
                continue;
            }
            break;
        }
        if (paren) {
            if (t_[p_].kind != Tok::RParen)
                return unexpected();
            ++p_;
        }
        bool wrap = sqls.size() > 1;
        *sql = wrap ? QStringLiteral("(%1)").arg(sqls.join(QStringLiteral(" OR "))) : sqls.first();
        *text =
            wrap ? QStringLiteral("(%1)").arg(texts.join(QStringLiteral(" OR "))) : texts.first();
        return Status::ok();
    }

    Status comparison(QString* sql, QString* text) {
        const Token& name = t_[p_];
        if (name.kind != Tok::Ident || keyword("SELECT") || keyword("EXISTS") || keyword("NOT"))
            return unexpected();
        if (t_[p_ + 1].kind == Tok::LParen)
            return refuse(QStringLiteral("functions such as %1() are not allowed").arg(name.text));
        if (t_[p_ + 1].kind == Tok::Dot)
            return refuse(QStringLiteral("only columns of the table itself may be named, not "
                                         "%1.%2")
                              .arg(name.text, t_[p_ + 2].text));
        QString column;
        for (const QString& c : columns_) {
            if (c.compare(name.text, Qt::CaseInsensitive) == 0)
                column = c;
        }
        if (column.isEmpty())
            return refuse(QStringLiteral("the table has no column '%1'").arg(name.text));
        ++p_;
        const QString col = quoteIdent(column);
        if (keyword("IS")) {
            ++p_;
            bool negated = keyword("NOT");
            if (negated)
                ++p_;
            if (!keyword("NULL"))
                return unexpected();
            ++p_;
            *sql = col + (negated ? QStringLiteral(" IS NOT NULL") : QStringLiteral(" IS NULL"));
            *text = *sql;
            return Status::ok();
        }
        if (keyword("IN")) {
            ++p_;
            if (t_[p_].kind != Tok::LParen)
                return unexpected();
            ++p_;
            QStringList params, shown;
            for (;;) {
                QString shownValue;
                TM_TRY(constant(&shownValue));
                params << QStringLiteral(":tm_p%1").arg(values_.size());
                shown << shownValue;
                if (t_[p_].kind == Tok::Comma) {
                    ++p_;
                    continue;
                }
                break;
            }
            if (t_[p_].kind != Tok::RParen)
                return unexpected();
            ++p_;
            *sql = QStringLiteral("%1 IN (%2)").arg(col, params.join(QStringLiteral(", ")));
            *text = QStringLiteral("%1 IN (%2)").arg(col, shown.join(QStringLiteral(", ")));
            return Status::ok();
        }
        if (t_[p_].kind != Tok::Op)
            return unexpected();
        QString op = t_[p_].text;
        ++p_;
        QString shownValue;
        TM_TRY(constant(&shownValue));
        *sql = QStringLiteral("%1 %2 :tm_p%3").arg(col, op).arg(values_.size());
        *text = QStringLiteral("%1 %2 %3").arg(col, op, shownValue);
        return Status::ok();
    }

    Status constant(QString* shown) {
        bool negative = false;
        if (t_[p_].kind == Tok::Other && (t_[p_].text == u"-" || t_[p_].text == u"+")) {
            negative = t_[p_].text == u"-";
            ++p_;
            if (t_[p_].kind != Tok::Number)
                return unexpected();
        }
        const Token& t = t_[p_];
        if (t.kind == Tok::String) {
            values_ << QVariant(t.text);
            QString escaped = t.text;
            escaped.replace(u'\'', QStringLiteral("''"));
            *shown = QStringLiteral("'%1'").arg(escaped);
            ++p_;
            return Status::ok();
        }
        if (t.kind == Tok::Number) {
            bool ok = false;
            qlonglong i = t.text.toLongLong(&ok);
            if (ok) {
                values_ << QVariant(negative ? -i : i);
                *shown = QString::number(negative ? -i : i);
            } else {
                double d = t.text.toDouble(&ok);
                if (!ok)
                    return refuse(QStringLiteral("'%1' is not a number").arg(t.text));
                values_ << QVariant(negative ? -d : d);
                *shown = QString::number(negative ? -d : d, 'g', 17);
            }
            ++p_;
            return Status::ok();
        }
        if (t.kind == Tok::Ident && t_[p_ + 1].kind != Tok::LParen && t.at > 0 &&
            !keyword("SELECT") && !keyword("NULL"))
            return refuse(QStringLiteral("'%1' is not a constant: compare a column with a "
                                         "number or a quoted string, not with another column")
                              .arg(t.text));
        return unexpected();
    }

    QList<Token> t_;
    const QStringList& columns_;
    int p_ = 0;
    QList<QVariant> values_;
};

} // namespace

void StretchPredicate::bind(sqlite3_stmt* stmt) const {
    for (int i = 0; i < int(values.size()); ++i) {
        const QVariant& v = values[i];
        const int at =
            sqlite3_bind_parameter_index(stmt, QStringLiteral(":tm_p%1").arg(i + 1).toUtf8());
        if (at <= 0)
            continue;
        if (v.typeId() == QMetaType::LongLong) {
            sqlite3_bind_int64(stmt, at, v.toLongLong());
        } else if (v.typeId() == QMetaType::Double) {
            sqlite3_bind_double(stmt, at, v.toDouble());
        } else {
            QByteArray utf8 = v.toString().toUtf8();
            sqlite3_bind_text(stmt, at, utf8.constData(), int(utf8.size()), SQLITE_TRANSIENT);
        }
    }
}

Result<StretchPredicate> parseStretchPredicate(const QString& expression,
                                               const QStringList& columns) {
    if (expression.trimmed().isEmpty())
        return refuse(QStringLiteral("it is empty"));
    auto tokens = tokenize(expression);
    if (!tokens)
        return tokens.status();
    for (const Token& t : *tokens) {
        if (t.kind == Tok::Other && t.text != u"-" && t.text != u"+")
            return refuse(QStringLiteral("'%1' at %2 is not part of the language")
                              .arg(t.text)
                              .arg(std::abs(t.at)));
    }
    StretchPredicate predicate;
    Parser parser(std::move(*tokens), columns);
    TM_TRY(parser.parse(&predicate));
    return predicate;
}

} // namespace tidemark
