module printf

go 1.22
