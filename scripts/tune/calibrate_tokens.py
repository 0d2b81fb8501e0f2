"""Calibrates EstimatedTokenCounter (Sources/WorkingMemory/Tokens) against real BPE tokenizers.

Reference: OpenAI cl100k_base and o200k_base through the `bpe-openai` package (PyPI; it bundles the vocabularies,
no network needed). English text: LoCoMo turns (the LoCoMo files, see docs/eval-data.md; read only, not committed). Chinese text: the
sentences below, written for this project. Prints, per tokenizer and language, the ratio estimate / real count
(mean, 5th percentile, share of texts where the estimate is below the real count).

    $PYTHON scripts/tune/calibrate_tokens.py [path/to/locomo_items.jsonl]
"""
import json, math, sys, unicodedata
import bpe_openai

ZH = """我住在柏林，下个月要去上海出差三天。
记住：我的护照号码是E12345678。
好的，我已经记下了。
我女儿下个月在上海参加钢琴比赛，我们打算提前两天去。
今天天气很好，我们去公园散步吧。
这个项目的预算是四万二千元，截止日期是五月三十日。
他说明天早上九点在会议室开会，请大家准时参加。
我对花生过敏，点菜的时候请注意。
上周末我们全家去杭州玩了两天，西湖的风景非常美。
你能帮我把这份报告翻译成英文吗？
我最喜欢的颜色是绿色，以前是蓝色。
北京的冬天很冷，但是夏天很热。
请在周五之前把合同发给我，谢谢！
我的生日是六月三日，每年都和朋友一起庆祝。
机器学习模型需要大量的数据来训练。
她在一家医院当护士，工作很忙。
我们计划明年春天去日本看樱花。
这本书讲的是一个年轻人在大城市奋斗的故事。
如果你有任何问题，随时联系我。
我搬到慕尼黑了，新地址稍后发给你。""".split("\n")


def is_cjk(c):
    v = ord(c)
    return (0x3000 <= v <= 0x303F or 0x3040 <= v <= 0x30FF or 0x3400 <= v <= 0x4DBF or 0x4E00 <= v <= 0x9FFF
            or 0xAC00 <= v <= 0xD7AF or 0xF900 <= v <= 0xFAFF or 0xFF00 <= v <= 0xFFEF or 0x20000 <= v <= 0x2FA1F)


def estimate(text, cjk_per_char=1.35, word_base=0.75, letters_per_token=12, digits_per_token=2.5, per_symbol=1.0):
    """Same formula as EstimatedTokenCounter.count."""
    if not text:
        return 0
    cjk = words = letters = digits = symbols = 0
    in_word = False
    for c in text:
        if is_cjk(c):
            cjk += 1; in_word = False
        elif c.isalpha():
            letters += 1
            if not in_word: words += 1; in_word = True
        elif unicodedata.numeric(c, None) is not None:
            digits += 1
            if not in_word: words += 1; in_word = True
        elif c.isspace():
            in_word = False
        else:
            symbols += 1; in_word = False
    e = cjk * cjk_per_char + words * word_base + letters / letters_per_token + digits / digits_per_token + symbols * per_symbol
    return max(1, math.ceil(e))


def report(name, texts, enc):
    ratios = sorted(estimate(t) / max(1, len(enc.encode(t))) for t in texts)
    under = sum(r < 1 for r in ratios) / len(ratios)
    total_est = sum(estimate(t) for t in texts)
    total_real = sum(len(enc.encode(t)) for t in texts)
    print(f"{name:28s} n={len(texts):5d} mean ratio {sum(ratios)/len(ratios):.3f}  p5 {ratios[len(ratios)//20]:.3f}  "
          f"under-estimates {under:.1%}  total est/real {total_est}/{total_real} = {total_est/total_real:.3f}")


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "$WM_EVAL_DATA/queries/locomo_items.jsonl"
    en = [json.loads(l)["text"] for l in open(path, encoding="utf-8")]
    for enc_name in ["cl100k_base", "o200k_base"]:
        enc = bpe_openai.get_encoding(enc_name)
        report(f"{enc_name} English (LoCoMo)", en, enc)
        report(f"{enc_name} Chinese", ZH, enc)


if __name__ == "__main__":
    main()
