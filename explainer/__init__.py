"""Static site generator for the missing-children return home interview explainer."""
