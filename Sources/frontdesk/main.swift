print("frontdesk: under construction")
