module fuzz

go 1.22

require github.com/spf13/cast v1.10.0
