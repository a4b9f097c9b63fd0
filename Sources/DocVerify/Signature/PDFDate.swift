internal import Foundation

/// PDF date strings (ISO 32000 §7.9.4): `D:YYYYMMDDHHmmSSOHH'mm'`, every part after the
/// year optional, `O` one of `+`, `-`, `Z`; no zone means UTC here (the standard leaves it
/// unknown). Used for a signature dictionary's `/M`.
enum PDFDate {
    static func parse(_ text: String) -> Date? {
        var chars = Array(text.utf8)
        if chars.starts(with: Array("D:".utf8)) { chars.removeFirst(2) }
        var index = 0
        func number(_ width: Int, default value: Int) -> Int? {
            guard index + width <= chars.count, chars[index..<(index + width)].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
                return index >= chars.count || !(chars[index] >= 0x30 && chars[index] <= 0x39) ? value : nil
            }
            defer { index += width }
            return chars[index..<(index + width)].reduce(0) { $0 * 10 + Int($1 - 0x30) }
        }
        guard chars.count >= 4, let year = number(4, default: -1), year >= 0,
            let month = number(2, default: 1), let day = number(2, default: 1),
            let hour = number(2, default: 0), let minute = number(2, default: 0), let second = number(2, default: 0),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var offset = 0
        if index < chars.count {
            let sign = chars[index]
            index += 1
            switch sign {
            case UInt8(ascii: "Z"):
                break
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                guard let hours = number(2, default: 0), hours < 24 else { return nil }
                if index < chars.count, chars[index] == UInt8(ascii: "'") { index += 1 }
                guard let minutes = number(2, default: 0), minutes < 60 else { return nil }
                offset = (hours * 3600 + minutes * 60) * (sign == UInt8(ascii: "-") ? -1 : 1)
            default:
                return nil
            }
        }
        var components = DateComponents()
        components.calendar = Calendar(identifier: .gregorian)
        components.timeZone = TimeZone(secondsFromGMT: 0)
        components.year = year
        components.month = month
        components.day = day
        components.hour = hour
        components.minute = minute
        components.second = second
        guard let date = components.date else { return nil }
        return date.addingTimeInterval(TimeInterval(-offset))
    }
}
