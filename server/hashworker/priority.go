package hashworker

// Nice is the scheduling priority hashing runs at where the system has
// one: low enough that request handling wins the CPU, not so low that a
// busy server never logs anyone in.
const Nice = 10
