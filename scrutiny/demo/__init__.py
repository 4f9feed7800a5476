"""The one demo-data builder, used by `scrutiny demo` and by tests that need a realistic partnership.

Everything here is fictional except the official area codes, which are real so that benchmarks
can use published figures. Building twice changes nothing.
"""

from scrutiny.demo.foundation import DEMO_PASSWORD, DemoLogin, build_demo

__all__ = ["DEMO_PASSWORD", "DemoLogin", "build_demo"]
