/// The Porter stemming algorithm for English words.
///
/// Follows M. F. Porter, "An algorithm for suffix stripping", *Program* 14(3), 130-137 (1980),
/// as in the author's reference C implementation (tartarus.org/martin/PorterStemmer), including its
/// two published departures from the paper: step 2 maps `-bli` to `-ble` (not `-abli` to `-able`)
/// and adds `-logi` to `-log`.
///
/// Works on lower-case ASCII letters only: a word with any other character (digits, accents,
/// CJK) is returned unchanged, as is any word of one or two letters.
public struct PorterStemmer: Sendable {
    public init() {}

    /// The stem of `word` (lower case expected), e.g. `"running"` -> `"run"`, `"caresses"` -> `"caress"`.
    public func stem(_ word: String) -> String {
        let bytes = Array(word.utf8)
        guard let stemmed = stem(utf8: bytes) else { return word }
        return String(decoding: stemmed, as: UTF8.self)
    }

    /// The stem of a lower-case ASCII word given as UTF-8 bytes; nil when the word is left as it is
    /// (two letters or fewer, or a byte outside a-z).
    public func stem(utf8 bytes: [UInt8]) -> [UInt8]? {
        guard bytes.count > 2, bytes.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }) else { return nil }
        var w = Word(b: bytes, k: bytes.count - 1)
        w.step1ab(); if w.k > 0 { w.step1c(); w.step2(); w.step3(); w.step4(); w.step5() }
        return Array(w.b[0...w.k])
    }

    /// The word being stemmed: `b[0...k]` is the current word; `j` marks the end of the stem
    /// before a suffix just matched by `ends` (names as in Porter's C code).
    private struct Word {
        var b: [UInt8]
        var k: Int
        var j = 0

        /// b[i] is a consonant: not a, e, i, o, u, and `y` only after a vowel or at the start.
        func cons(_ i: Int) -> Bool {
            switch b[i] {
            case 0x61, 0x65, 0x69, 0x6F, 0x75: return false  // a e i o u
            case 0x79: return i == 0 ? true : !cons(i - 1)  // y
            default: return true
            }
        }

        /// m, the number of VC sequences in b[0...j]: the word is [C](VC)^m[V].
        func m() -> Int {
            var n = 0, i = 0
            while true { if i > j { return n }; if !cons(i) { break }; i += 1 }
            i += 1
            while true {
                while true { if i > j { return n }; if cons(i) { break }; i += 1 }
                i += 1; n += 1
                while true { if i > j { return n }; if !cons(i) { break }; i += 1 }
                i += 1
            }
        }

        /// b[0...j] contains a vowel.
        func vowelInStem() -> Bool { (0...max(j, 0)).contains { j >= 0 && !cons($0) } }

        /// b[i-1...i] is a double consonant.
        func doubleC(_ i: Int) -> Bool { i >= 1 && b[i] == b[i - 1] && cons(i) }

        /// b[i-2...i] is consonant-vowel-consonant and the last is not w, x or y (`-cvc`, e.g. hop).
        func cvc(_ i: Int) -> Bool {
            guard i >= 2, cons(i), !cons(i - 1), cons(i - 2) else { return false }
            let c = b[i]
            return c != 0x77 && c != 0x78 && c != 0x79
        }

        /// b[0...k] ends with `s`; sets j to the end of the stem before it.
        mutating func ends(_ s: StaticString) -> Bool {
            let n = s.utf8CodeUnitCount
            guard n <= k + 1 else { return false }
            let u = s.utf8Start
            if b[k] != u[n - 1] { return false }
            let start = k - n + 1
            for t in 0..<n where b[start + t] != u[t] { return false }
            j = k - n
            return true
        }

        /// Replaces b[j+1...k] with `s`.
        mutating func setTo(_ s: StaticString) {
            let n = s.utf8CodeUnitCount
            b.removeSubrange((j + 1)...)
            b.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: n))
            k = j + n
        }

        /// setTo(s) when m > 0.
        mutating func r(_ s: StaticString) { if m() > 0 { setTo(s) } }

        /// Step 1ab: plurals and -ed / -ing (caresses -> caress, ponies -> poni, agreed -> agree,
        /// plastered -> plaster, hopping -> hop, filing -> file).
        mutating func step1ab() {
            if b[k] == 0x73 {  // s
                if ends("sses") { k -= 2 } else if ends("ies") { setTo("i") } else if k >= 1 && b[k - 1] != 0x73 { k -= 1 }
                b.removeSubrange((k + 1)...)
            }
            if ends("eed") {
                if m() > 0 { k -= 1; b.removeSubrange((k + 1)...) }
            } else if (ends("ed") || ends("ing")) && vowelInStem() {
                k = j; b.removeSubrange((k + 1)...)
                if ends("at") { setTo("ate") } else if ends("bl") { setTo("ble") } else if ends("iz") { setTo("ize") } else if doubleC(k) {
                    let ch = b[k]
                    if ch != 0x6C && ch != 0x73 && ch != 0x7A { k -= 1; b.removeSubrange((k + 1)...) }  // not l, s, z
                } else {
                    j = k
                    if m() == 1 && cvc(k) { setTo("e") }
                }
            }
        }

        /// Step 1c: terminal y -> i when there is another vowel in the stem (happy -> happi).
        mutating func step1c() {
            if ends("y") && vowelInStem() { b[k] = 0x69 }
        }

        /// Step 2: double suffixes to single ones (relational -> relate), when m > 0.
        mutating func step2() {
            guard k >= 1 else { return }
            switch b[k - 1] {
            case 0x61:  // a
                if ends("ational") { r("ate") } else if ends("tional") { r("tion") }
            case 0x63:  // c
                if ends("enci") { r("ence") } else if ends("anci") { r("ance") }
            case 0x65:  // e
                if ends("izer") { r("ize") }
            case 0x6C:  // l
                if ends("bli") { r("ble") } else if ends("alli") { r("al") } else if ends("entli") { r("ent") } else if ends("eli") { r("e") } else if ends("ousli") { r("ous") }
            case 0x6F:  // o
                if ends("ization") { r("ize") } else if ends("ation") { r("ate") } else if ends("ator") { r("ate") }
            case 0x73:  // s
                if ends("alism") { r("al") } else if ends("iveness") { r("ive") } else if ends("fulness") { r("ful") } else if ends("ousness") { r("ous") }
            case 0x74:  // t
                if ends("aliti") { r("al") } else if ends("iviti") { r("ive") } else if ends("biliti") { r("ble") }
            case 0x67:  // g
                if ends("logi") { r("log") }
            default: break
            }
        }

        /// Step 3: -ic-, -full, -ness etc. (triplicate -> triplic, hopeful -> hope), when m > 0.
        mutating func step3() {
            switch b[k] {
            case 0x65:  // e
                if ends("icate") { r("ic") } else if ends("ative") { r("") } else if ends("alize") { r("al") }
            case 0x69:  // i
                if ends("iciti") { r("ic") }
            case 0x6C:  // l
                if ends("ical") { r("ic") } else if ends("ful") { r("") }
            case 0x73:  // s
                if ends("ness") { r("") }
            default: break
            }
        }

        /// Step 4: removes -ant, -ence etc. in context <c>vcvc<v> (m > 1): revival -> reviv.
        mutating func step4() {
            guard k >= 1 else { return }
            var matched = false
            switch b[k - 1] {
            case 0x61: matched = ends("al")
            case 0x63: matched = ends("ance") || ends("ence")
            case 0x65: matched = ends("er")
            case 0x69: matched = ends("ic")
            case 0x6C: matched = ends("able") || ends("ible")
            case 0x6E: matched = ends("ant") || ends("ement") || ends("ment") || ends("ent")
            case 0x6F:
                if ends("ion") && j >= 0 && (b[j] == 0x73 || b[j] == 0x74) { matched = true } else { matched = ends("ou") }
            case 0x73: matched = ends("ism")
            case 0x74: matched = ends("ate") || ends("iti")
            case 0x75: matched = ends("ous")
            case 0x76: matched = ends("ive")
            case 0x7A: matched = ends("ize")
            default: matched = false
            }
            if matched && m() > 1 { k = j; b.removeSubrange((k + 1)...) }
        }

        /// Step 5: removes a final -e when m > 1 (or m = 1 and not *o), and -ll -> -l when m > 1.
        mutating func step5() {
            j = k
            if b[k] == 0x65 {  // e
                let a = m()
                if a > 1 || (a == 1 && !cvc(k - 1)) { k -= 1; b.removeSubrange((k + 1)...) }
            }
            j = k
            if b[k] == 0x6C && doubleC(k) && m() > 1 { k -= 1; b.removeSubrange((k + 1)...) }
        }
    }
}
