"""Read views of the Department and the RCRSO over a whole region: cycles and escalations across sites, the matrix
of sites × obligations of a year, and performance discipline. Everything is read from the projections."""
