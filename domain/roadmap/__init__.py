"""The roadmap context (план мероприятий, «дорожная карта»): ``model`` holds the rows, their quarterly statuses and
the normalised reading of a row's deadline; ``reading`` reads a free-text deadline cell into that reading, with the
phrases it knows in ``phrases`` and the pieces a phrase gives in ``pieces``.
"""
