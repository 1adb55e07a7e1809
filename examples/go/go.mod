module example.com/leaky-services

go 1.19
