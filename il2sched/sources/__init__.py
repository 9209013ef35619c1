"""Sources at the edge: regimen, roster and closure files, public holidays, locale and zone data, the data
cache, and atomic writes. Everything that touches the outside world on behalf of the layers above."""
