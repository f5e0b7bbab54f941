"""The auditor's questions as store queries (no Qt).

- `terms`: the filter (`AuditFilter`) as SQL terms, and the values each filter can take;
- `history`: the filtered, sorted history in windows of rows, and its count;
- `timeline`: one case's steps across its re-declarations, and whether the documents
  a decision recorded are the ones stored;
- `figures`: the aggregates behind the charts.
"""
