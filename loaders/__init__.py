"""Sources in, facts out: reading articles, extracting cited facts, gazetteers, curation overlays."""
