/// Stop words: words too common to say what a text is about; the analyzer drops them.
///
/// English: the NLTK English list (derived from the Snowball list, snowballstem.org/algorithms/english/stop.txt),
/// plus the apostrophe-free forms of contractions (`dont`, `im`, `ive`) that the analyzer produces
/// and a few question words (`would`, `could`, `also`). Chinese: a handful of function characters that
/// carry no topic (particles 的 了 吗 呢 吧 啊 and the copula 是); Chinese content is otherwise kept,
/// because character n-grams need their characters.
public enum StopWords {
    /// English stop words, lower case, apostrophes removed.
    public static let english: Set<String> = [
        "i", "me", "my", "myself", "we", "our", "ours", "ourselves", "you", "your", "yours",
        "yourself", "yourselves", "he", "him", "his", "himself", "she", "her", "hers", "herself",
        "it", "its", "itself", "they", "them", "their", "theirs", "themselves", "what", "which",
        "who", "whom", "this", "that", "these", "those", "am", "is", "are", "was", "were", "be",
        "been", "being", "have", "has", "had", "having", "do", "does", "did", "doing", "a", "an",
        "the", "and", "but", "if", "or", "because", "as", "until", "while", "of", "at", "by",
        "for", "with", "about", "against", "between", "into", "through", "during", "before",
        "after", "above", "below", "to", "from", "up", "down", "in", "out", "on", "off", "over",
        "under", "again", "further", "then", "once", "here", "there", "when", "where", "why",
        "how", "all", "any", "both", "each", "few", "more", "most", "other", "some", "such", "no",
        "nor", "not", "only", "own", "same", "so", "than", "too", "very", "s", "t", "can", "will",
        "just", "don", "should", "now", "d", "ll", "m", "o", "re", "ve", "y", "ain", "aren",
        "couldn", "didn", "doesn", "hadn", "hasn", "haven", "isn", "ma", "mightn", "mustn",
        "needn", "shan", "shouldn", "wasn", "weren", "won", "wouldn",
        // contractions as the analyzer writes them (apostrophe removed)
        "dont", "im", "ive", "youre", "youve", "youll", "youd", "hes", "shes",
        "weve", "theyre", "theyve", "thats", "whats", "theres", "lets", "didnt",
        "doesnt", "isnt", "arent", "wasnt", "werent", "cant", "couldnt", "wouldnt", "shouldnt",
        "wont", "havent", "hasnt", "hadnt",
        "would", "could", "also",
    ]

    /// Chinese single characters that carry no topic.
    public static let chinese: Set<String> = ["的", "了", "吗", "呢", "吧", "啊", "是"]
}
