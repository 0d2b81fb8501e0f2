import Testing
@testable import WorkingMemory

@Suite struct TextAnalyzerTests {
    @Test func englishIsLowercasedStemmedAndStopWordsDropped() {
        let terms = TextAnalyzer().terms("What did Caroline's friends say about running?")
        #expect(terms == ["carolin", "friend", "sai", "run"])
    }

    @Test func contractionsJoinAndBecomeStopWords() {
        #expect(TextAnalyzer().terms("I don't know, I'm sure") == ["know", "sure"])
    }

    @Test func chineseBecomesUnigramsAndBigrams() {
        #expect(TextAnalyzer().terms("记忆力") == ["记", "忆", "力", "记忆", "忆力"])
    }

    @Test func chineseParticlesAreDroppedAsUnigramsOnly() {
        #expect(TextAnalyzer().terms("我的猫") == ["我", "猫", "我的", "的猫"])
    }

    @Test func mixedTextSplitsAtScriptBoundaries() {
        #expect(TextAnalyzer().terms("我喜欢Swift编程") == ["我", "喜", "欢", "我喜", "喜欢", "swift", "编", "程", "编程"])
    }

    @Test func accentedWordsStayWholeAndUnstemmed() {
        #expect(TextAnalyzer().terms("Café Zürich") == ["café", "zürich"])
    }

    @Test func optionsTurnStepsOff() {
        let plain = TextAnalyzer(removesStopWords: false, stems: false, cjkUnigrams: false)
        #expect(plain.terms("The cats 猫咪") == ["the", "cats", "猫咪"])
    }
}

/// Porter's own examples (Porter 1980 and the reference vocabulary at tartarus.org/martin/PorterStemmer).
@Suite struct PorterStemmerTests {
    @Test(arguments: [
        ("caresses", "caress"), ("ponies", "poni"), ("ties", "ti"), ("caress", "caress"), ("cats", "cat"),
        ("feed", "feed"), ("agreed", "agre"), ("plastered", "plaster"), ("bled", "bled"), ("motoring", "motor"),
        ("sing", "sing"), ("conflated", "conflat"), ("troubled", "troubl"), ("sized", "size"), ("hopping", "hop"),
        ("tanned", "tan"), ("falling", "fall"), ("hissing", "hiss"), ("fizzed", "fizz"), ("failing", "fail"),
        ("filing", "file"), ("happy", "happi"), ("sky", "sky"), ("relational", "relat"), ("conditional", "condit"),
        ("rational", "ration"), ("valenci", "valenc"), ("digitizer", "digit"), ("conformabli", "conform"),
        ("radicalli", "radic"), ("differentli", "differ"), ("vileli", "vile"), ("analogousli", "analog"),
        ("vietnamization", "vietnam"), ("predication", "predic"), ("operator", "oper"), ("feudalism", "feudal"),
        ("decisiveness", "decis"), ("hopefulness", "hope"), ("callousness", "callous"), ("formaliti", "formal"),
        ("sensitiviti", "sensit"), ("sensibiliti", "sensibl"), ("triplicate", "triplic"), ("formative", "form"),
        ("formalize", "formal"), ("electriciti", "electr"), ("electrical", "electr"), ("hopeful", "hope"),
        ("goodness", "good"), ("revival", "reviv"), ("allowance", "allow"), ("inference", "infer"),
        ("airliner", "airlin"), ("gyroscopic", "gyroscop"), ("adjustable", "adjust"), ("defensible", "defens"),
        ("irritant", "irrit"), ("replacement", "replac"), ("adjustment", "adjust"), ("dependent", "depend"),
        ("adoption", "adopt"), ("homologou", "homolog"), ("communism", "commun"), ("activate", "activ"),
        ("angulariti", "angular"), ("homologous", "homolog"), ("effective", "effect"), ("bowdlerize", "bowdler"),
        ("probate", "probat"), ("rate", "rate"), ("cease", "ceas"), ("controll", "control"), ("roll", "roll"),
        ("generalizations", "gener"), ("oscillators", "oscil"), ("running", "run"), ("generously", "gener"),
    ])
    func stemsLikePorter(word: String, stem: String) {
        #expect(PorterStemmer().stem(word) == stem)
    }

    @Test func leavesShortAndNonASCIIWordsAlone() {
        #expect(PorterStemmer().stem("is") == "is")
        #expect(PorterStemmer().stem("naïve") == "naïve")
        #expect(PorterStemmer().stem("mp3s") == "mp3s")
    }
}

/// Against Porter's reference implementation (NLTK MARTIN_EXTENSIONS) on generated words
/// (scripts/fixtures/make_porter_fixture.py writes PorterReferenceStems.swift).
@Suite struct PorterReferenceTests {
    @Test func matchesTheReferenceImplementationOnEveryWord() {
        let stemmer = PorterStemmer()
        var checked = 0, wrong: [String] = []
        for line in porterReferenceStems.split(separator: "\n") {
            let parts = line.split(separator: " ")
            guard parts.count == 2 else { continue }
            checked += 1
            let got = stemmer.stem(String(parts[0]))
            if got != parts[1] { wrong.append("\(parts[0]) -> \(got), reference \(parts[1])") }
        }
        #expect(checked > 5000)
        #expect(wrong.isEmpty, "\(wrong.count) differ: \(wrong.prefix(10))")
    }
}
