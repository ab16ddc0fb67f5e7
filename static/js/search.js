// Search suggestions as you type in the header box (the box works without this file).
