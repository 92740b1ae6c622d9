import Testing
@testable import ParleyGraph

@Suite struct CalendarDateTests {
    @Test(arguments: [
        ("2024", "2024", "2024-01-01", "2024-12-31"),
        ("2024-02", "2024-02", "2024-02-01", "2024-02-29"),
        ("2023-02", "2023-02", "2023-02-01", "2023-02-28"),
        ("2024-W09", "2024-W09", "2024-02-26", "2024-03-03"),
        ("2021-W01", "2021-W01", "2021-01-04", "2021-01-10"),
        ("2020-W53", "2020-W53", "2020-12-28", "2021-01-03"),
        ("2024-03-05", "2024-03-05", "2024-03-05", "2024-03-05"),
    ])
    func parsesPeriods(text: String, printed: String, first: String, last: String) throws {
        let date = try #require(CalendarDate.parse(text))
        #expect(date.text == printed)
        #expect(CalendarDate.dayText(date.firstDay) == first)
        #expect(CalendarDate.dayText(date.lastDay) == last)
    }

    @Test(arguments: ["2024-13", "2023-02-29", "2024-00-10", "2021-W53", "2024-W00", "24", "2024-3-5", "abcd"])
    func refusesInvalidDates(text: String) {
        #expect(CalendarDate.parse(text) == nil)
    }

    @Test func bucketsADayIntoItsWeekMonthAndYear() throws {
        let day = try #require(CalendarDate.parse("2024-12-30"))
        #expect(day.bucket(.week).text == "2025-W01")
        #expect(day.bucket(.month).text == "2024-12")
        #expect(day.bucket(.year).text == "2024")
        #expect(day.bucket(.day).text == "2024-12-30")
    }

    @Test func aPartialDateHasNoFinerBucket() throws {
        let month = try #require(CalendarDate.parse("2024-03"))
        #expect(month.bucket(.year).text == "2024")
        #expect(month.bucket(.day).text == "2024-03")
    }
}
