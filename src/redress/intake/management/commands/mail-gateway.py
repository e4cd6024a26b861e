from redress.intake.management.commands.mail_gateway import Command

__all__ = ["Command"]
