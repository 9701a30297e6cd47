"""What the tests drive the system with: a whole stack as separate processes (stack), the API as the demo users
(client), an independent oracle of deadlines (oracle) and a scripted year of the 18 KhMAO sites (year_scenario).

The benchmarks of ``bench/`` use them too; product code (domain, workflows, activities, api, innocycle) never does."""
