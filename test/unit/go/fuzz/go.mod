module fuzz

go 1.22
