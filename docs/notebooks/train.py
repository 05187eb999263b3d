# %% [markdown]
# # train

# %%
import micromlp

print(micromlp.__version__)
