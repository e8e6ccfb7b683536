"""Drafting a ledger from the document an office receives: the feedback (反馈意见) or its own rectification
plan (整改方案), as .docx or .txt, read into aspects and problems (paragraphs.py, outline.py) and written as an
Excel ledger the importer reads, with what the document does not say highlighted to fill in (sheet.py)."""
