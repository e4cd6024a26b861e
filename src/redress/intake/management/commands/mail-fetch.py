from redress.intake.management.commands.mail_fetch import Command

__all__ = ["Command"]
