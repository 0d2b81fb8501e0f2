import Foundation
import Testing
@testable import WorkingMemory

@Suite struct TimeCueParserTests {
    /// Wednesday 2023-05-10 15:00 UTC.
    let now = ISO8601DateFormatter().date(from: "2023-05-10T15:00:00Z")!

    func day(_ s: String) -> Date { ISO8601DateFormatter().date(from: s + "T00:00:00Z")! }

    func only(_ text: String, now: Date? = nil) throws -> TimeCue {
        let cues = TimeCueParser().cues(in: text, now: now ?? self.now)
        try #require(cues.count == 1, "cues: \(cues)")
        return cues[0]
    }

    @Test func yesterdayIsTheDayBeforeNow() throws {
        let cue = try only("What did Caroline do yesterday?")
        #expect(cue.interval == DateInterval(start: day("2023-05-09"), end: day("2023-05-10")))
        #expect(cue.phrase == "yesterday")
    }

    @Test func lastWeekIsThePreviousMondayToSunday() throws {
        #expect(try only("Where did she go last week?").interval == DateInterval(start: day("2023-05-01"), end: day("2023-05-08")))
    }

    @Test func monthAndYearNameTheWholeMonth() throws {
        #expect(try only("What happened in May 2023?").interval == DateInterval(start: day("2023-05-01"), end: day("2023-06-01")))
    }

    @Test func explicitDatesInEveryWrittenForm() throws {
        let expected = DateInterval(start: day("2023-05-08"), end: day("2023-05-09"))
        #expect(try only("on 8 May, 2023").interval == expected)
        #expect(try only("on May 8th, 2023").interval == expected)
        #expect(try only("on 2023-05-08").interval == expected)
        #expect(try only("2023年5月8日发生了什么").interval == expected)
    }

    @Test func aYearAloneNamesTheYear() throws {
        #expect(try only("What did Melanie paint in 2022?", now: nil).interval == DateInterval(start: day("2022-01-01"), end: day("2023-01-01")))
    }

    @Test func chineseRelativeCues() throws {
        #expect(try only("我昨天说了什么").interval == DateInterval(start: day("2023-05-09"), end: day("2023-05-10")))
        #expect(try only("上周我们讨论了什么").interval == DateInterval(start: day("2023-05-01"), end: day("2023-05-08")))
        #expect(try only("上个月").interval == DateInterval(start: day("2023-04-01"), end: day("2023-05-01")))
        #expect(try only("去年").interval == DateInterval(start: day("2022-01-01"), end: day("2023-01-01")))
    }

    @Test func weeksAgoIsCentredOnTheDateNamed() throws {
        let cue = try only("two weeks ago")
        #expect(cue.interval.contains(day("2023-04-26")))
        #expect(!cue.interval.contains(day("2023-05-08")))
    }

    @Test func relativeCuesNeedANow() {
        #expect(TimeCueParser().cues(in: "what happened yesterday", now: nil).isEmpty)
    }

    @Test func questionWithoutTimeHasNoCue() {
        #expect(TimeCueParser().cues(in: "What did Caroline research?", now: now).isEmpty)
        #expect(TimeCueParser().cues(in: "May I ask what she likes?", now: now).isEmpty)
    }

    @Test func distanceIsZeroInsideAndDaysOutside() {
        let cue = TimeCue(phrase: "x", interval: DateInterval(start: day("2023-05-01"), end: day("2023-05-08")))
        #expect(cue.distanceInDays(from: day("2023-05-03")) == 0)
        #expect(cue.distanceInDays(from: day("2023-05-10")) == 2)
        #expect(cue.distanceInDays(from: day("2023-04-30")) == 1)
    }
}

@Suite struct TimeMentionTests {
    @Test func whenQuestionsAskForATime() {
        let p = TimeCueParser()
        #expect(p.asksWhen("When did Caroline go to the support group?"))
        #expect(p.asksWhen("What date is the concert?"))
        #expect(p.asksWhen("她什么时候去的北京？"))
        #expect(!p.asksWhen("What did Caroline research?"))
    }

    @Test func itemsThatSpeakOfATime() {
        let p = TimeCueParser()
        #expect(p.mentionsTime("I went to a support group yesterday"))
        #expect(p.mentionsTime("We adopted her 3 weeks ago"))
        #expect(p.mentionsTime("我上周去了北京"))
        #expect(!p.mentionsTime("I love painting sunsets"))
    }
}
