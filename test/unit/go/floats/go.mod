module floats

go 1.22
