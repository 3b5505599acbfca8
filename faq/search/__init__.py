"""Japanese-aware search: the one home of normalising, tokenising, ranking and highlighting.

normalise  one normaliser for indexed text and queries
tokens     script-aware tokens: bigrams for kana/kanji, words for Latin letters and digits
query      a query parsed into clauses (with synonyms), compiled for FTS5 or tsquery
index      what a search document holds, and the SQL of the index per database vendor
sync       keeping the index in step with the content (signals, reindex, rebuild)
rank       finding and ranking: all terms, then fewer, then any
highlight  escaped snippets with the matched words in <mark>
"""
