"""The methodological section (методическая секция, Sverdlovsk seed 000) beyond what the generic obligations run:
its composition with each organisation head's consent, its leader's election, its plan in the seven columns of
Appendix 1, the tiered quarterly report in the five columns of Appendix 2, and its methodological materials with the
three-requirement checklist."""
