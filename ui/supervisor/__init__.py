"""The supervisor's room: exceptions waiting for a countersignature (four eyes)."""
