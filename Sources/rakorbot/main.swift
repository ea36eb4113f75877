print("rakorbot")
