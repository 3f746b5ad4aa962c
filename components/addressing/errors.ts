// The planner reports a bad input with the one InputError (components/problems.ts).
export { InputError } from "../problems";
