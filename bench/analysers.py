"""The Japanese analysers that were candidates for search, measured side by side.

    .venv/bin/python bench/analysers.py            # the analysers installed in this Python

Only SudachiPy is a dependency of the site; to compare the others, install them into a
scratch environment and run this file with its Python:

    python3.11 -m venv /tmp/analysers && /tmp/analysers/bin/pip install \\
        sudachipy==0.7.0 sudachidict-core==20261015 fugashi==1.5.2 unidic-lite==1.0.8 janome==0.5.0
    /tmp/analysers/bin/python bench/analysers.py

For each analyser, in a process of its own: the size of its installed packages, the memory
of a process that has loaded it (resident, and of that the anonymous memory: what each more
worker costs when the dictionary is a memory-mapped file that workers share), the time to
analyse the shipped FAQ's Japanese text and 10,000 questions of it, and how many of the
FAQ's own words it reads right (READINGS below, checked by hand).
"""

import json
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CANDIDATES = {
    "SudachiPy + SudachiDict-core": ("sudachipy", "sudachidict-core"),
    "fugashi + unidic-lite": ("fugashi", "unidic-lite"),
    "Janome": ("janome",),
}
# Words of the shipped FAQ with their reading, as a Japanese reader says them.
READINGS = {
    "決済": "けっさい",
    "契約": "けいやく",
    "解約": "かいやく",
    "休止": "きゅうし",
    "審査": "しんさ",
    "加盟店": "かめいてん",
    "入金": "にゅうきん",
    "売上": "うりあげ",
    "代理店": "だいりてん",
    "処理料": "しょりりょう",
    "料金体系": "りょうきんたいけい",
    "月額固定費用": "げつがくこていひよう",
    "初期導入費用": "しょきどうにゅうひよう",
    "導入": "どうにゅう",
    "期間": "きかん",
    "運用開始": "うんようかいし",
    "管理画面": "かんりがめん",
    "照会": "しょうかい",
    "履歴": "りれき",
    "取引": "とりひき",
    "権限": "けんげん",
    "利用明細": "りようめいさい",
    "明細書": "めいさいしょ",
    "店舗名": "てんぽめい",
    "実店舗": "じってんぽ",
    "対面販売": "たいめんはんばい",
    "決済端末機": "けっさいたんまつき",
    "関連会社": "かんれんがいしゃ",
    "商材": "しょうざい",
    "法令": "ほうれい",
    "公序良俗": "こうじょりょうぞく",
    "継続課金": "けいぞくかきん",
    "会費徴収": "かいひちょうしゅう",
    "定期購入": "ていきこうにゅう",
    "雑誌購読": "ざっしこうどく",
    "接続方式": "せつぞくほうしき",
    "暗号化通信": "あんごうかつうしん",
    "証明書": "しょうめいしょ",
    "購買者": "こうばいしゃ",
    "発送先": "はっそうさき",
    "会員登録": "かいいんとうろく",
    "前払い": "まえばらい",
    "後払い": "あとばらい",
    "口座": "こうざ",
    "収納代行": "しゅうのうだいこう",
    "金融機関": "きんゆうきかん",
    "本人認証": "ほんにんにんしょう",
    "個人情報": "こじんじょうほう",
    "国際基準": "こくさいきじゅん",
    "引き継ぐ": "ひきつぐ",
    "申し込み": "もうしこみ",
    "お申し込み": "おもうしこみ",
    "問い合わせ": "といあわせ",
    "窓口": "まどぐち",
    "受付時間": "うけつけじかん",
    "平日": "へいじつ",
    "総合受付": "そうごううけつけ",
    "操作方法": "そうさほうほう",
    "企業番号": "きぎょうばんごう",
    "弊社": "へいしゃ",
    "御社": "おんしゃ",
    "締結": "ていけつ",
    "設定変更": "せっていへんこう",
    "主要": "しゅよう",
    "一括": "いっかつ",
    "不正検知": "ふせいけんち",
    "遷移": "せんい",
    "戦略的": "せんりゃくてき",
    "取次": "とりつぎ",
    "事業者": "じぎょうしゃ",
    "経済産業省": "けいざいさんぎょうしょう",
    "監査": "かんさ",
    "本番環境": "ほんばんかんきょう",
    "組み込み": "くみこみ",
    "手続き": "てつづき",
    "所定": "しょてい",
    "非対面": "ひたいめん",
    "通販": "つうはん",
    "代表加盟": "だいひょうかめい",
    "制約": "せいやく",
    "不適当": "ふてきとう",
    "支援": "しえん",
    "購読": "こうどく",
    "導入実績": "どうにゅうじっせき",
    "掲載": "けいさい",
    "指定": "してい",
    "記載": "きさい",
    "前提": "ぜんてい",
    "別途追加": "べっとついか",
    "決済手段": "けっさいしゅだん",
    "詳細": "しょうさい",
    "貴社": "きしゃ",
    "金融": "きんゆう",
    "電話": "でんわ",
    "既に": "すでに",
}
REPEATS_FOR_10000 = 10_000


def faq_texts() -> list[str]:
    """The Japanese title and answer of each shipped question, and the category names."""
    records = json.loads((ROOT / "fixtures" / "faq.json").read_text("utf-8"))
    answers = {
        r["fields"]["question"][0]: r["fields"]["body_ja"]
        for r in records
        if r["model"] == "faq.answer"
    }
    texts = []
    for record in records:
        fields = record["fields"]
        if record["model"] == "faq.question":
            texts.append(fields["title_ja"] + "\n" + answers.get(fields["slug"], ""))
        elif record["model"] == "faq.category":
            texts.append(fields["name_ja"])
    return texts


def hiragana(reading: str) -> str:
    folded = "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in reading)
    return folded.replace("ー", "")


def _sudachi():
    from sudachipy import Dictionary, SplitMode

    tokenizer = Dictionary(dict="core").tokenizer(mode=SplitMode.C)
    return lambda text: [m.reading_form() for m in tokenizer.tokenize(text)]


def _fugashi():
    from fugashi import Tagger

    tagger = Tagger()
    return lambda text: [getattr(w.feature, "kana", None) or w.surface for w in tagger(text)]


def _janome():
    from janome.tokenizer import Tokenizer

    tokenizer = Tokenizer(mmap=True)
    return lambda text: [
        t.reading if t.reading != "*" else t.surface for t in tokenizer.tokenize(text)
    ]


LOADERS = {
    "SudachiPy + SudachiDict-core": _sudachi,
    "fugashi + unidic-lite": _fugashi,
    "Janome": _janome,
}


def _memory_kib() -> dict[str, int]:
    """Resident and private memory of this process, from /proc (Linux)."""
    fields = {}
    for line in Path("/proc/self/smaps_rollup").read_text().splitlines()[1:]:
        name, value = line.split(":")
        fields[name] = int(value.split()[0])
    # Anonymous memory is each process's own; the rest is file-backed (a memory-mapped
    # dictionary): one copy in the page cache, however many workers map it.
    return {"rss": fields["Rss"], "anonymous": fields["Anonymous"]}


def measure(name: str) -> dict:
    before = _memory_kib()
    analyse = LOADERS[name]()
    texts = faq_texts()
    analyse(texts[0])
    loaded = _memory_kib()
    started = time.perf_counter()
    for text in texts:
        analyse(text)
    faq_s = time.perf_counter() - started
    questions = [t for t in texts if "\n" in t]
    started = time.perf_counter()
    for n in range(REPEATS_FOR_10000):
        analyse(questions[n % len(questions)])
    many_s = time.perf_counter() - started
    right = [w for w, r in READINGS.items() if hiragana("".join(analyse(w))) == hiragana(r)]
    return {
        "rss_mib": round(loaded["rss"] / 1024, 1),
        "added_rss_mib": round((loaded["rss"] - before["rss"]) / 1024, 1),
        "added_anonymous_mib": round((loaded["anonymous"] - before["anonymous"]) / 1024, 1),
        "faq_ms": round(faq_s * 1000, 1),
        "questions_10000_s": round(many_s, 2),
        "readings_right": f"{len(right)}/{len(READINGS)}",
        "readings_wrong": sorted(set(READINGS) - set(right)),
    }


def installed_mib(distributions) -> float:
    total = 0
    for dist_name in distributions:
        dist = metadata.distribution(dist_name)
        total += sum(f.size or 0 for f in dist.files or ())
    return round(total / 2**20, 1)


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        print(json.dumps(measure(sys.argv[2]), ensure_ascii=False))
        return
    for name, distributions in CANDIDATES.items():
        try:
            size = installed_mib(distributions)
        except metadata.PackageNotFoundError:
            print(f"{name:<30} not installed in this Python")
            continue
        out = subprocess.run(
            [sys.executable, __file__, "--one", name], capture_output=True, text=True, check=True
        )
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(
            f"{name:<30} installed {size:>6.1f} MiB  RSS {r['rss_mib']:>6.1f} MiB "
            f"(+{r['added_rss_mib']} MiB, of it per process +{r['added_anonymous_mib']} MiB)  "
            f"FAQ {r['faq_ms']:>7.1f} ms  10,000 questions {r['questions_10000_s']:>6.2f} s  "
            f"readings right {r['readings_right']}"
        )
        print(f"{'':<30} wrong: {' '.join(r['readings_wrong'])}")


if __name__ == "__main__":
    main()
