from redress.intake.management.commands.social_source import Command

__all__ = ["Command"]
