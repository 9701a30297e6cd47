"""The regulation of Khanty-Mansi Autonomous Okrug – Yugra (ХМАО – Югра, region 86): order 135-р of the Department
of Social Development (Приказ Депсоцразвития Югры от 04.02.2022 № 135-р «Об организации инновационной деятельности…»)
and the documents of its 18 sites, as data (seed 001).

``sites`` holds the region, institutions, directions and sites the order names; ``base`` the values the other
modules share (the document, formats, review steps, escalation ladders, citation helpers); ``decisions`` the
decisions on the regulation's ambiguities; ``indicators`` the target indicators; ``sites_rules`` each site's own
variations; ``order_135r`` the order's obligations and the assembled ``REGULATION``.
"""
