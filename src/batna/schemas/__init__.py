"""Wire types: the situation going in, the evaluation coming out, and rule files."""
