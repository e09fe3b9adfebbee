"""Resources shipped with Account Plan: the stylesheet, icons, fonts and the demo account."""
