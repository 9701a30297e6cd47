"""A Vologda methodological platform (опорно-методическая площадка, ОМП, or ресурсный центр) and its year: the
criteria report (отчет по критериям) with its indicator values, evidence, consistency warnings and signatures, the
cumulative periods of its quarterly monitoring, and the cadence of its monthly working meetings."""
