import Foundation

/// A whole-second UTC instant, read from and written as SigV4's date formats.
///
/// Parsing and formatting are done by hand with proleptic Gregorian arithmetic, so no
/// locale, calendar or time-zone database is involved.
struct SigV4Timestamp: Sendable, Hashable, Comparable {
    /// Seconds since 1970-01-01T00:00:00Z.
    var secondsSince1970: Int64

    init(secondsSince1970: Int64) {
        self.secondsSince1970 = secondsSince1970
    }

    /// The whole second containing `date` (fractions are dropped towards the past).
    init(_ date: Date) {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        let limit = 253_402_300_799.0  // 9999-12-31T23:59:59Z
        self.secondsSince1970 = Int64(seconds.isFinite ? min(max(seconds, -limit), limit) : 0)
    }

    /// Parses the ISO 8601 basic format of `X-Amz-Date`: `yyyyMMdd'T'HHmmss'Z'`.
    init?(basicISO8601 text: some StringProtocol) {
        let bytes = Array(text.utf8)
        guard bytes.count == 16, bytes[8] == UInt8(ascii: "T"), bytes[15] == UInt8(ascii: "Z"),
            let year = Self.number(bytes[0..<4]), let month = Self.number(bytes[4..<6]),
            let day = Self.number(bytes[6..<8]), let hour = Self.number(bytes[9..<11]),
            let minute = Self.number(bytes[11..<13]), let second = Self.number(bytes[13..<15])
        else { return nil }
        self.init(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
    }

    /// Parses an RFC 1123 `Date` header, e.g. `Sun, 30 Aug 2015 12:36:00 GMT`.
    ///
    /// The weekday is optional and not checked; the zone may be `GMT`, `UTC`, `Z`, `+0000` or
    /// `-0000` (Python's `email.utils.formatdate`, which botocore uses, writes `-0000`).
    init?(rfc1123 text: some StringProtocol) {
        var words = String(text).split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        if let first = words.first, first.hasSuffix(",") { words.removeFirst() }
        guard words.count == 5, ["GMT", "UTC", "Z", "+0000", "-0000"].contains(words[4]),
            let day = Self.number(Array(words[0].utf8)), words[0].utf8.count <= 2,
            let month = Self.monthNames.firstIndex(of: words[1].lowercased()).map({ $0 + 1 }),
            let year = Self.number(Array(words[2].utf8)), words[2].utf8.count == 4
        else { return nil }
        let clock = words[3].split(separator: ":", omittingEmptySubsequences: false)
        guard clock.count == 3, clock.allSatisfy({ $0.utf8.count == 2 }),
            let hour = Self.number(Array(clock[0].utf8)), let minute = Self.number(Array(clock[1].utf8)),
            let second = Self.number(Array(clock[2].utf8))
        else { return nil }
        self.init(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
    }

    private init?(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        guard (1...12).contains(month), (1...31).contains(day), (0...23).contains(hour),
            (0...59).contains(minute), (0...60).contains(second)
        else { return nil }
        let days = Self.daysFromCivil(year: year, month: month, day: day)
        // Reject dates such as 20150231 that do not survive a round trip.
        guard Self.civilFromDays(days) == (year, month, day) else { return nil }
        self.secondsSince1970 = days * 86_400 + Int64(hour * 3_600 + minute * 60 + second)
    }

    /// The ISO 8601 basic form, e.g. `20150830T123600Z`.
    var basicISO8601: String {
        let days = secondsSince1970 >= 0 ? secondsSince1970 / 86_400 : (secondsSince1970 - 86_399) / 86_400
        let secondOfDay = Int(secondsSince1970 - days * 86_400)
        let (year, month, day) = Self.civilFromDays(days)
        return Self.pad(year, 4) + Self.pad(month, 2) + Self.pad(day, 2) + "T"
            + Self.pad(secondOfDay / 3_600, 2) + Self.pad(secondOfDay / 60 % 60, 2) + Self.pad(secondOfDay % 60, 2) + "Z"
    }

    /// The `yyyyMMdd` date stamp used in the credential scope.
    var dateStamp: String { String(basicISO8601.prefix(8)) }

    /// The same instant as a `Date`.
    var date: Date { Date(timeIntervalSince1970: TimeInterval(secondsSince1970)) }

    static func < (lhs: SigV4Timestamp, rhs: SigV4Timestamp) -> Bool {
        lhs.secondsSince1970 < rhs.secondsSince1970
    }

    /// This instant moved by `seconds`.
    func adding(seconds: Int64) -> SigV4Timestamp {
        SigV4Timestamp(secondsSince1970: secondsSince1970 + seconds)
    }

    private static let monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    private static func number(_ digits: some Collection<UInt8>) -> Int? {
        guard !digits.isEmpty, digits.count <= 9 else { return nil }
        var value = 0
        for digit in digits {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(digit) else { return nil }
            value = value * 10 + Int(digit - UInt8(ascii: "0"))
        }
        return value
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let shiftedMonth = Int64(month > 2 ? month - 3 : month + 9)
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The proleptic Gregorian date `days` after 1970-01-01 (Howard Hinnant's algorithm).
    private static func civilFromDays(_ days: Int64) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (Int(year), Int(month), Int(day))
    }
}
