"""Search over a complaint's texts (issue 16 §5).

`words`: how texts and queries become words (Chinese cut by rjieba, Simplified; English stemmed). `index`: the
writes, a document per complaint made again after each event on its timeline. `query`: the reads, the matches
best first and the snippets with the words marked.
"""
