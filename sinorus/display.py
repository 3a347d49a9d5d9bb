"""Tables as a reader should see them: missing values shown as blanks, never ``NaN`` or ``<NA>``.

A gap in the sources is a blank cell in the data files; a notebook table shows
it the same way, in its HTML and its plain-text forms alike.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["for_display"]


def for_display(table: pd.DataFrame | pd.Series, *, name: str = "value") -> pd.DataFrame:
    """A copy of a table with every missing value shown as an empty cell.

    Parameters
    ----------
    table : DataFrame or Series
        What to show; a Series becomes a one-column frame (no ``Name:`` or
        ``dtype:`` footer).
    name : str
        The column name for a Series without one.

    Returns
    -------
    DataFrame
        The same index and columns; columns holding a missing value become
        text (``object``), others keep their type.

    Raises
    ------
    TypeError
        If ``table`` is not a DataFrame or Series.

    Examples
    --------
    >>> import pandas as pd
    >>> from sinorus.display import for_display
    >>> for_display(pd.DataFrame({"x": [1.5, None]})).to_string()
    '     x\\n0  1.5\\n1     '
    """
    if isinstance(table, pd.Series):
        table = table.rename(table.name if table.name is not None else name).to_frame()
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"for_display() needs a DataFrame or Series, not {type(table).__name__}")
    out = table.copy()
    for column in out.columns:
        missing = out[column].isna()
        if missing.any():
            out[column] = out[column].astype(object).where(~missing, "")
    return out
