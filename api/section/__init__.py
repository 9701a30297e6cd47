"""The Sverdlovsk methodological section in the API: its composition, its leader's election and its materials."""
