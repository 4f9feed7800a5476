"""The audits room's pages: standards (standards.py), Section 11 and s175 rounds and their returns
(rounds.py, returns.py) and multi-agency case file audits (case_files.py)."""
