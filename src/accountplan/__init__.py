"""Account Plan: account planning for enterprise deal teams."""

__version__ = "0.1.0"

#: The application's id, in reverse-DNS form: the Linux desktop file and icon are named by it
#: (resources/linux/), the window says it to the desktop (QGuiApplication.setDesktopFileName), and it is the
#: macOS bundle identifier (build.spec).
APP_ID = "com.accountplan.AccountPlan"
