"""Performance runs that print ratios against an anchor; never part of the test suite's pass or fail."""
