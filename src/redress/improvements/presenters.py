"""An action's effect in words: one line for lists and the board pack, a few sentences for the action's page."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


def effect_words(found: dict[str, Any]) -> str:
    """The effect in one line of words, for the PDF and the list."""
    state, effect = found["state"], found["effect"]
    if state == "done" and effect:
        return _("rate ratio %(ratio).2f (95%% CI %(low).2f–%(high).2f), %(before)d weeks before, %(after)d after") % {
            "ratio": effect["rate_ratio"],
            "low": effect["ci_low"],
            "high": effect["ci_high"],
            "before": effect["weeks_before"],
            "after": effect["weeks_after"],
        }
    return str(EFFECT_STATES.get(state, state))


EFFECT_STATES = {
    "not_done": gettext_lazy("Not live yet"),
    "no_codes": gettext_lazy("No business line, product or reason linked"),
    "too_early": gettext_lazy("Too early: fewer than four full weeks since it went live"),
    "not_estimable": gettext_lazy("Not enough complaints to estimate"),
}


def effect_explanation(found: dict[str, Any]) -> str:
    """What the figures mean, in plain words."""
    effect = found["effect"]
    if found["state"] != "done" or not effect:
        return effect_words(found)
    before, after = effect["rate_before"] * 100, effect["rate_after"] * 100
    text = _(
        "Before it went live, %(before).1f in every 100 complaints received were about its business lines, "
        "products or reasons; in the weeks since, %(after).1f in every 100."
    ) % {"before": before, "after": after}
    if effect["ci_high"] < 1:
        text += " " + _(
            "The fall is unlikely to be chance alone (its 95 percent confidence interval lies wholly below 1)."
        )
    elif effect["ci_low"] > 1:
        text += " " + _("The rate rose, and the rise is unlikely to be chance alone.")
    else:
        text += " " + _(
            "The change is within what chance alone could give (its 95 percent confidence interval includes 1)."
        )
    return text
