/// ACLED's `time_precision` as incidents keep it: 1 day, 2 week, 3 month, 0 unknown. The importer and
/// `add incident … time_precision` both fill that column, so the codes live beside it, below them both.
package enum TimePrecisionCode {
    /// ACLED's `time_precision` codes and the words some exports use instead.
    package static func parse(_ text: String) -> UInt8? {
        switch text {
        case "1", "day": 1
        case "2", "week": 2
        case "3", "month": 3
        case "": 0
        default: nil
        }
    }
}
