"""`{% demo_sign_ins as personas %}`: the demo's people on the sign-in page, each with what it is for."""

from __future__ import annotations

from django import template

from redress.accounts.personas import Persona, demo_personas

register = template.Library()


@register.simple_tag
def demo_sign_ins() -> list[Persona]:
    """None outside a demo (no demo sign-ins file under REDRESS_HOME, or production)."""
    return demo_personas()
