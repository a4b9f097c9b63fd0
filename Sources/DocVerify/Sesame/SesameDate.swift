public import Foundation

/// A date printed on a report, optionally with a time of day, in a known UTC offset.
///
/// Forms (`docs/sesame-report.md`, "Text layer"): `YYYY-MM-DD`, `YYYY/MM/DD`, `YYYY年M月D日`,
/// each optionally followed by `HH:MM` or `HH:MM:SS`. A time without a zone is China
/// Standard Time (UTC+8); an explicit `Z`, `UTC`, `GMT`, `CST` (China), `±HH:MM`,
/// `±HHMM` or `UTC+8` is honoured. Text after the date and time is ignored.
public struct SesameDate: Sendable, Equatable, CustomStringConvertible {
    public var day: CivilDate
    /// Seconds after midnight, when a time was printed.
    public var secondsOfDay: Int?
    /// The UTC offset the date is in, in seconds (28 800 for China Standard Time).
    public var utcOffset: Int

    public static let chinaStandardTime = 8 * 3600

    public init(day: CivilDate, secondsOfDay: Int? = nil, utcOffset: Int = SesameDate.chinaStandardTime) {
        self.day = day
        self.secondsOfDay = secondsOfDay
        self.utcOffset = utcOffset
    }

    /// The instant: the printed time, or the start of the day when only a date is printed.
    public var instant: Date {
        Date(timeIntervalSince1970: TimeInterval(day.dayNumber * 86_400 + (secondsOfDay ?? 0) - utcOffset))
    }

    /// The first instant after the printed day (for "valid until" a whole day).
    public var endOfDay: Date {
        Date(timeIntervalSince1970: TimeInterval((day.dayNumber + 1) * 86_400 - utcOffset))
    }

    /// `2026-11-20` or `2026-11-20T10:30:00+08:00`.
    public var description: String {
        guard let seconds = secondsOfDay else { return day.description }
        let offset = abs(utcOffset)
        let sign = utcOffset < 0 ? "-" : "+"
        return "\(day)T\(Self.two(seconds / 3600)):\(Self.two(seconds / 60 % 60)):\(Self.two(seconds % 60))"
            + "\(sign)\(Self.two(offset / 3600)):\(Self.two(offset / 60 % 60))"
    }

    private static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    /// Parses the start of `text`; `nil` when it does not begin with a date in one of the forms.
    public static func parse(_ text: String) -> SesameDate? {
        // Full-width digits and punctuation (`２０２６／１１／２０`) read as ASCII.
        var scanner = Scanner(
            text.unicodeScalars.map { scalar in
                (0xFF01...0xFF5E).contains(scalar.value) ? Character(Unicode.Scalar(scalar.value - 0xFEE0)!) : Character(scalar)
            }
        )
        scanner.skipBlanks()
        guard let year = scanner.digits(4...4) else { return nil }
        let month: Int
        let dayOfMonth: Int
        if scanner.take("-") || scanner.take("/") {
            let separator = scanner.previous
            guard let m = scanner.digits(1...2), scanner.take(separator), let d = scanner.digits(1...2) else { return nil }
            month = m
            dayOfMonth = d
        } else {
            scanner.skipBlanks()
            guard scanner.take("年") else { return nil }
            scanner.skipBlanks()
            guard let m = scanner.digits(1...2) else { return nil }
            scanner.skipBlanks()
            guard scanner.take("月") else { return nil }
            scanner.skipBlanks()
            guard let d = scanner.digits(1...2) else { return nil }
            scanner.skipBlanks()
            guard scanner.take("日") else { return nil }
            month = m
            dayOfMonth = d
        }
        // A date must not run on into more digits (`2026-11-205`).
        if scanner.peekIsDigit { return nil }
        guard let day = CivilDate(year: year, month: month, day: dayOfMonth) else { return nil }
        var result = SesameDate(day: day)

        // Optional time.
        var timeScanner = scanner
        timeScanner.skipBlanks()
        _ = timeScanner.take("T")
        timeScanner.skipBlanks()
        if let hour = timeScanner.digits(1...2), timeScanner.take(":"), let minute = timeScanner.digits(2...2), hour < 24, minute < 60 {
            var seconds = hour * 3600 + minute * 60
            var afterMinutes = timeScanner
            if afterMinutes.take(":"), let second = afterMinutes.digits(2...2), second < 60 {
                seconds += second
                timeScanner = afterMinutes
            }
            if timeScanner.peekIsDigit { return result }
            result.secondsOfDay = seconds
            timeScanner.skipBlanks()
            if let offset = timeScanner.zone() { result.utcOffset = offset }
        }
        return result
    }

    /// A tiny cursor over characters.
    private struct Scanner {
        let chars: [Character]
        var position = 0
        init(_ chars: [Character]) { self.chars = chars }

        var previous: Character { chars[position - 1] }
        var peekIsDigit: Bool { position < chars.count && chars[position].isASCII && chars[position].isNumber }

        mutating func skipBlanks() {
            while position < chars.count, chars[position] == " " || chars[position] == "\t" { position += 1 }
        }

        mutating func take(_ character: Character) -> Bool {
            guard position < chars.count, chars[position] == character else { return false }
            position += 1
            return true
        }

        mutating func take(_ word: String) -> Bool {
            let letters = Array(word)
            guard position + letters.count <= chars.count,
                zip(chars[position...], letters).allSatisfy({ $0.0.uppercased() == $0.1.uppercased() })
            else { return false }
            position += letters.count
            return true
        }

        mutating func digits(_ count: ClosedRange<Int>) -> Int? {
            var value = 0
            var taken = 0
            while taken < count.upperBound, peekIsDigit {
                value = value * 10 + chars[position].wholeNumberValue!
                position += 1
                taken += 1
            }
            return count.contains(taken) ? value : nil
        }

        /// `Z`, `UTC`, `GMT`, `CST`, `±HH:MM`, `±HHMM`, `±H`, `UTC+8`, `GMT+08:00`, `(UTC+8)`.
        mutating func zone() -> Int? {
            _ = take("(")
            if take("CST") || take("北京时间") { return SesameDate.chinaStandardTime }
            let named = take("UTC") || take("GMT") || take("Z")
            guard position < chars.count, chars[position] == "+" || chars[position] == "-" else {
                return named ? 0 : nil
            }
            let sign = chars[position] == "-" ? -1 : 1
            position += 1
            guard let hours = digits(1...2), hours <= 14 else { return named ? 0 : nil }
            var minutes = 0
            if take(":") {
                guard let m = digits(2...2) else { return nil }
                minutes = m
            } else if let m = digits(2...2) {
                minutes = m
            }
            return sign * (hours * 3600 + minutes * 60)
        }
    }
}
